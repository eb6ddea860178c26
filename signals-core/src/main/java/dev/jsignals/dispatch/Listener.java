package dev.jsignals.dispatch;

import java.io.Serializable;

/**
 * A function called with the events of a {@link Signal} it is connected to.
 *
 * <p>Write it as a lambda, a method reference or a class. A receiver may throw: {@link Signal#send}
 * stops at the first exception and propagates it (a checked one wrapped in {@link
 * SignalException}); {@link Signal#sendRobust} records it in the receiver's {@link Response} and
 * goes on with the next receiver.
 *
 * <p>It is {@link Serializable} so that the signal can tell what a lambda or method reference
 * calls: {@code handler::onSave} connected twice is one connection. The signal never serializes a
 * receiver; a class implementing it needs no {@code serialVersionUID} beyond what its compiler's
 * lint asks for. Thread-safety is the receiver's own: it is called on the sending threads.
 *
 * @param <E> the event type
 */
@FunctionalInterface
public interface Listener<E> extends Serializable {

  /**
   * Handles one event.
   *
   * @param event the event that was sent, never {@code null}
   * @throws Exception whatever the receiver's work throws
   */
  void receive(E event) throws Exception;
}
