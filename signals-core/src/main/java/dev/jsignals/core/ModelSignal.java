package dev.jsignals.core;

import dev.jsignals.dispatch.AsyncListener;
import dev.jsignals.dispatch.ConnectOptions;
import dev.jsignals.dispatch.Connection;
import dev.jsignals.dispatch.Listener;
import dev.jsignals.dispatch.Response;
import dev.jsignals.dispatch.Signal;
import dev.jsignals.dispatch.SignalCapture;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What the four model signals typed by a model class share; not public, its public methods are
 * documented on each of them. Thread-safe.
 *
 * @param <E> the event type, with a wildcard model type
 */
abstract sealed class ModelSignal<E extends ModelEvent<?>>
    permits PreSaveSignal, PostSaveSignal, PreDeleteSignal, PostDeleteSignal {
  private final Signal<E> signal;

  ModelSignal(String name, Class<?> eventType, int maxRecursionDepth) {
    this.signal = create(name, eventType, maxRecursionDepth);
  }

  /** A signal of model events whose recursion guard's subject is the event's instance. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  static <E extends ModelEvent<?>> Signal<E> create(
      String name, Class<?> eventType, int maxRecursionDepth) {
    return Signal.create(
        name, (Class) eventType, maxRecursionDepth, e -> ((ModelEvent<?>) e).instance());
  }

  /**
   * Gives the underlying signal, for the options this class does not repeat: weak receivers,
   * responders, {@code ConnectOptions}, asynchronous sends.
   *
   * @return the signal, the same object on every call
   */
  public final Signal<E> signal() {
    return signal;
  }

  /** {@return the signal's name, as in Django ({@code post_save})} */
  public final String name() {
    return signal.name();
  }

  /**
   * Connects a receiver for every model class.
   *
   * @param listener the receiver
   * @return the connection's handle
   */
  public final Connection connect(Listener<? super E> listener) {
    return signal.connect(listener);
  }

  /**
   * Sends an event from its own {@link ModelEvent#sender()}.
   *
   * @param event the event
   * @return the responses, in connection order
   * @see Signal#send(Object, Object)
   */
  public final List<Response> send(E event) {
    Objects.requireNonNull(event, "event");
    return signal.send(event.sender(), event);
  }

  /**
   * Sends an event from its own sender, recording receivers' exceptions instead of stopping.
   *
   * @param event the event
   * @return the responses and errors, in connection order
   * @see Signal#sendRobust(Object, Object)
   */
  public final List<Response> sendRobust(E event) {
    Objects.requireNonNull(event, "event");
    return signal.sendRobust(event.sender(), event);
  }

  /**
   * Tells whether a send from this sender would call a receiver.
   *
   * @param sender the model class (the join type for {@code m2m_changed})
   * @return whether a receiver would be called
   */
  public final boolean hasListeners(Class<?> sender) {
    return signal.hasListeners(sender);
  }

  /**
   * Tells whether any receiver is connected, for any model class, as Django's {@code
   * has_listeners()}.
   *
   * @return whether a live connection exists
   */
  public final boolean hasListeners() {
    return signal.hasListeners();
  }

  /**
   * Disconnects a receiver that was connected for every model class without a uid.
   *
   * @param receiver the receiver object given to connect
   * @return whether a connection was removed
   * @throws NullPointerException if {@code receiver} is null
   */
  public final boolean disconnect(Object receiver) {
    return signal.disconnect(receiver);
  }

  /**
   * Disconnects a receiver that was connected for one model class without a uid, as {@code
   * signals.postSave().disconnect(User.class, receiver)}.
   *
   * @param sender the model class it was connected for (the join type for {@code m2m_changed})
   * @param receiver the receiver object given to connect
   * @return whether a connection was removed
   * @throws NullPointerException if an argument is null
   */
  public final boolean disconnect(Class<?> sender, Object receiver) {
    return signal.disconnect(sender, receiver);
  }

  /**
   * Disconnects the connection with this uid for one model class.
   *
   * @param sender the model class it was connected for
   * @param dispatchUid the uid given at connect time
   * @return whether a connection was removed
   * @throws NullPointerException if an argument is null
   */
  public final boolean disconnectUid(Class<?> sender, String dispatchUid) {
    return signal.disconnectUid(sender, dispatchUid);
  }

  /** {@return the live connections in call order} */
  public final List<Connection> connections() {
    return signal.connections();
  }

  /**
   * Mutes the signal on the current thread; see {@link Signal#mute()}.
   *
   * @return the capture of the sends held back, to close
   */
  public final SignalCapture<E> mute() {
    return signal.mute();
  }

  /**
   * Records the events sent until closed; see {@link Signal#capture()}.
   *
   * @return the capture
   */
  public final SignalCapture<E> capture() {
    return signal.capture();
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  final Connection connectTyped(Class<?> sender, @Nullable String uid, Listener<?> listener) {
    Objects.requireNonNull(sender, "sender");
    Objects.requireNonNull(listener, "listener");
    ConnectOptions options =
        uid == null
            ? ConnectOptions.sender(sender)
            : ConnectOptions.sender(sender).dispatchUid(uid);
    return signal.connect(options, (Listener) listener);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  final Connection connectTypedAsync(Class<?> sender, AsyncListener<?> listener) {
    Objects.requireNonNull(sender, "sender");
    Objects.requireNonNull(listener, "listener");
    return signal.connectAsync(ConnectOptions.sender(sender), (AsyncListener) listener);
  }

  @Override
  public final String toString() {
    return signal.toString();
  }
}
