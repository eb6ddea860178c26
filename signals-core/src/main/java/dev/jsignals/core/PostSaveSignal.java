package dev.jsignals.core;

import dev.jsignals.dispatch.AsyncListener;
import dev.jsignals.dispatch.Connection;
import dev.jsignals.dispatch.Listener;

/**
 * Django's {@code post_save}: see {@link PostSave}. Obtain it from {@link Signals#postSave()}.
 *
 * <p>Thread-safe: connect, disconnect and send from any thread.
 */
public final class PostSaveSignal extends ModelSignal<PostSave<?>> {

  PostSaveSignal(int maxRecursionDepth) {
    super("post_save", PostSave.class, maxRecursionDepth);
  }

  /**
   * Connects a receiver for one model class; the event is typed by it.
   *
   * @param sender the model class, matched by identity
   * @param listener the receiver
   * @param <M> the model type
   * @return the connection's handle
   * @throws NullPointerException if an argument is null
   */
  public <M> Connection connect(Class<M> sender, Listener<? super PostSave<M>> listener) {
    return connectTyped(sender, null, listener);
  }

  /**
   * Connects an asynchronous receiver for one model class, the event typed by it: a send waits for
   * its stage, and so does the write that sends it (see {@link AsyncListener}).
   *
   * @param sender the model class, matched by identity
   * @param listener the receiver
   * @param <M> the model type
   * @return the connection's handle
   * @throws NullPointerException if an argument is null
   */
  public <M> Connection connectAsync(Class<M> sender, AsyncListener<? super PostSave<M>> listener) {
    return connectTypedAsync(sender, listener);
  }

  /**
   * Connects a receiver for one model class under a dispatch uid: a second connect with the same
   * uid and sender changes nothing.
   *
   * @param sender the model class, matched by identity
   * @param dispatchUid the uid, not blank
   * @param listener the receiver
   * @param <M> the model type
   * @return the connection's handle
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code dispatchUid} is blank
   */
  public <M> Connection connect(
      Class<M> sender, String dispatchUid, Listener<? super PostSave<M>> listener) {
    return connectTyped(
        sender, java.util.Objects.requireNonNull(dispatchUid, "dispatchUid"), listener);
  }
}
