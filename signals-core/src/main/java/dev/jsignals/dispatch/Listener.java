package dev.jsignals.dispatch;

/**
 * A function called with the events of a {@link Signal} it is connected to.
 *
 * <p>Write it as a lambda, a method reference or a class. A receiver may throw: {@link Signal#send}
 * stops at the first exception and propagates it (a checked one wrapped in {@link
 * SignalException}); {@link Signal#sendRobust} records it in the receiver's {@link Response} and
 * goes on with the next receiver.
 *
 * @param <E> the event type
 */
@FunctionalInterface
public interface Listener<E> {

  /**
   * Handles one event.
   *
   * @param event the event that was sent, never {@code null}
   * @throws Exception whatever the receiver's work throws
   */
  void receive(E event) throws Exception;
}
