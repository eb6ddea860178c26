package dev.jsignals.dispatch;

import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The connecting half of {@link Signal}: connect, disconnect and list receivers. Its methods are
 * documented as the signal's; see there for the connection key, memory and thread-safety rules.
 *
 * @param <E> the event type
 */
abstract class SignalReceivers<E> {
  final Registry registry = new Registry();

  SignalReceivers() {}

  /** {@return the signal, for the entries} */
  abstract Signal<E> self();

  /**
   * Connects a receiver for every sender.
   *
   * @param receiver the receiver
   * @return the connection's handle
   */
  public Connection connect(Listener<? super E> receiver) {
    return connect(ConnectOptions.anySender(), receiver);
  }

  /**
   * Connects a receiver for one sender, held weakly.
   *
   * @param sender the sender, matched by identity (usually a {@code Class})
   * @param receiver the receiver
   * @return the connection's handle
   */
  public Connection connect(Object sender, Listener<? super E> receiver) {
    return connect(ConnectOptions.sender(sender), receiver);
  }

  /**
   * Connects a receiver with options (sender, dispatch uid, name).
   *
   * @param options how to connect
   * @param receiver the receiver
   * @return the connection's handle
   */
  public Connection connect(ConnectOptions options, Listener<? super E> receiver) {
    return add(options, Objects.requireNonNull(receiver, "receiver"), Entry.Kind.LISTENER, null);
  }

  /**
   * Connects an asynchronous receiver for every sender; see {@link AsyncListener}.
   *
   * @param receiver the receiver
   * @return the connection's handle
   */
  public Connection connectAsync(AsyncListener<? super E> receiver) {
    return connectAsync(ConnectOptions.anySender(), receiver);
  }

  /**
   * Connects an asynchronous receiver for one sender, held weakly; see {@link AsyncListener}.
   *
   * @param sender the sender, matched by identity (usually a {@code Class})
   * @param receiver the receiver
   * @return the connection's handle
   */
  public Connection connectAsync(Object sender, AsyncListener<? super E> receiver) {
    return connectAsync(ConnectOptions.sender(sender), receiver);
  }

  /**
   * Connects an asynchronous receiver with options; see {@link AsyncListener}. Its shape is fixed
   * here, once: a send tells it from a synchronous receiver without asking each time.
   *
   * @param options how to connect
   * @param receiver the receiver
   * @return the connection's handle
   */
  public Connection connectAsync(ConnectOptions options, AsyncListener<? super E> receiver) {
    return add(options, Objects.requireNonNull(receiver, "receiver"), Entry.Kind.ASYNC, null);
  }

  /**
   * Connects a receiver whose return value becomes its {@link Response#value()}, as a Django
   * receiver's return value does. It may throw unchecked exceptions only.
   *
   * @param options how to connect
   * @param responder the receiver
   * @return the connection's handle
   */
  public Connection connectResponder(ConnectOptions options, Function<? super E, ?> responder) {
    return add(options, Objects.requireNonNull(responder, "responder"), Entry.Kind.RESPONDER, null);
  }

  /**
   * Connects a receiver for every sender, holding {@code owner} weakly: once the owner is garbage
   * collected the receiver is never called again and the connection goes away by itself.
   *
   * @param owner the object whose lifetime bounds the connection
   * @param receiver a function of the owner and the event that captures nothing, typically a method
   *     reference such as {@code Dashboard::onSave}; it may throw unchecked exceptions only
   * @param <O> the owner type
   * @return the connection's handle
   */
  public <O> Connection connectWeak(O owner, BiConsumer<? super O, ? super E> receiver) {
    return connectWeak(ConnectOptions.anySender(), owner, receiver);
  }

  /**
   * Connects a weakly held receiver with options; see {@link #connectWeak(Object, BiConsumer)}.
   *
   * @param options how to connect
   * @param owner the object whose lifetime bounds the connection
   * @param receiver a function of the owner and the event that captures nothing
   * @param <O> the owner type
   * @return the connection's handle
   */
  public <O> Connection connectWeak(
      ConnectOptions options, O owner, BiConsumer<? super O, ? super E> receiver) {
    Objects.requireNonNull(owner, "owner");
    return add(options, Objects.requireNonNull(receiver, "receiver"), Entry.Kind.WEAK, owner);
  }

  final Connection add(ConnectOptions options, Object target, Entry.Kind kind, @Nullable Object o) {
    Objects.requireNonNull(options, "options");
    String at = Names.callSite();
    return registry.add(new Entry(self(), options, at, target, kind, o, registry.queue()));
  }

  /**
   * Disconnects a receiver connected for every sender without a uid.
   *
   * @param receiver the receiver given to connect, or the owner of a weak receiver
   * @return whether a connection was removed
   */
  public boolean disconnect(Object receiver) {
    return registry.remove(null, Objects.requireNonNull(receiver, "receiver"), null);
  }

  /**
   * Disconnects a receiver that was connected for one sender without a uid.
   *
   * @param sender the sender it was connected for
   * @param receiver the receiver given to connect, or the owner of a weak receiver
   * @return whether a connection was removed
   */
  public boolean disconnect(Object sender, Object receiver) {
    Objects.requireNonNull(sender, "sender");
    return registry.remove(sender, Objects.requireNonNull(receiver, "receiver"), null);
  }

  /**
   * Disconnects the connection with this uid for every sender.
   *
   * @param dispatchUid the uid given at connect time
   * @return whether a connection was removed
   */
  public boolean disconnectUid(String dispatchUid) {
    return registry.remove(null, null, Objects.requireNonNull(dispatchUid, "dispatchUid"));
  }

  /**
   * Disconnects the connection with this uid for one sender.
   *
   * @param sender the sender it was connected for
   * @param dispatchUid the uid given at connect time
   * @return whether a connection was removed
   */
  public boolean disconnectUid(Object sender, String dispatchUid) {
    Objects.requireNonNull(sender, "sender");
    return registry.remove(sender, null, Objects.requireNonNull(dispatchUid, "dispatchUid"));
  }

  /** {@return whether any live receiver is connected, as Django's {@code has_listeners()}} */
  public boolean hasListeners() {
    return registry.hasLive(null);
  }

  /**
   * Tells whether a send from this sender would call any receiver.
   *
   * @param sender the sender
   * @return whether a live receiver of every sender or of this one is connected
   */
  public boolean hasListeners(Object sender) {
    return registry.hasLive(Objects.requireNonNull(sender, "sender"));
  }

  /** {@return the live connections in call order, as an immutable list} */
  public List<Connection> connections() {
    return registry.live();
  }
}
