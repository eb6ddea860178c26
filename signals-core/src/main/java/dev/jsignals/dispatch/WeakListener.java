package dev.jsignals.dispatch;

/**
 * A receiver whose owner object is held weakly: see {@link Signal#connectWeak(Object,
 * WeakListener)}.
 *
 * <p>Write it so that it captures nothing, typically as a method reference on the owner's class
 * ({@code Listener::onSave}): the owner is passed in at each call. A lambda that captures the owner
 * itself would keep it alive, and the connection would never go away by itself.
 *
 * @param <O> the owner type
 * @param <E> the event type
 */
@FunctionalInterface
public interface WeakListener<O, E> {

  /**
   * Handles one event for a live owner.
   *
   * @param owner the owner object, alive for the length of the call
   * @param event the event that was sent
   * @throws Exception whatever the receiver's work throws
   */
  void receive(O owner, E event) throws Exception;
}
