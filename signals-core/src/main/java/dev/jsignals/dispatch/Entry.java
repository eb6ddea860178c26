package dev.jsignals.dispatch;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import org.jspecify.annotations.Nullable;

/** One connection of a {@link Signal}; it is also the handle returned to the caller. */
final class Entry implements Connection {
  /** Returned by {@link #invoke} when a weak owner has been collected. */
  static final Object DEAD = new Object();

  final Signal<?> signal;
  final Object sender;
  final @Nullable String uid;
  final ConnectionInfo info;
  private final @Nullable Listener<Object> receiver;
  private final @Nullable Responder<Object> responder;
  private final @Nullable WeakListener<Object, Object> weakReceiver;
  private final @Nullable WeakReference<Object> owner;
  private final @Nullable SignalCapture<Object> capture;

  @SuppressWarnings("unchecked")
  private Entry(
      Signal<?> signal,
      Object sender,
      @Nullable String uid,
      ConnectionInfo info,
      @Nullable Listener<?> receiver,
      @Nullable Responder<?> responder,
      @Nullable WeakListener<?, ?> weakReceiver,
      @Nullable WeakReference<Object> owner,
      @Nullable SignalCapture<?> capture) {
    this.signal = signal;
    this.sender = sender;
    this.uid = uid;
    this.info = info;
    this.receiver = (Listener<Object>) receiver;
    this.responder = (Responder<Object>) responder;
    this.weakReceiver = (WeakListener<Object, Object>) weakReceiver;
    this.owner = owner;
    this.capture = (SignalCapture<Object>) capture;
  }

  static Entry strong(
      Signal<?> signal, Object sender, @Nullable String uid, ConnectionInfo info, Listener<?> r) {
    return new Entry(signal, sender, uid, info, r, null, null, null, null);
  }

  static Entry responding(
      Signal<?> signal, Object sender, @Nullable String uid, ConnectionInfo info, Responder<?> r) {
    return new Entry(signal, sender, uid, info, null, r, null, null, null);
  }

  static Entry weak(
      Signal<?> signal,
      Object sender,
      @Nullable String uid,
      ConnectionInfo info,
      Object owner,
      WeakListener<?, ?> r,
      ReferenceQueue<Object> queue) {
    return new Entry(
        signal, sender, uid, info, null, null, r, new WeakReference<>(owner, queue), null);
  }

  static Entry capturing(Signal<?> signal, ConnectionInfo info, SignalCapture<?> capture) {
    return new Entry(signal, Signal.ANY, null, info, null, null, null, null, capture);
  }

  /** Calls the receiver; returns its response, or {@link #DEAD} for a collected weak owner. */
  @Nullable Object invoke(Object sender, Object event) throws Exception {
    if (receiver != null) {
      receiver.receive(event);
      return null;
    }
    if (responder != null) {
      return responder.respond(event);
    }
    if (capture != null) {
      capture.record(sender, event);
      return null;
    }
    Object target = owner == null ? null : owner.get();
    if (target == null) {
      return DEAD;
    }
    weakReceiver.receive(target, event);
    return null;
  }

  boolean isLive() {
    return owner == null || owner.get() != null;
  }

  boolean holds(@Nullable WeakReference<?> reference) {
    return reference != null && reference == owner;
  }

  /** The object that identifies the receiver when no uid is given. */
  @Nullable Object target() {
    if (receiver != null) {
      return receiver;
    }
    return responder != null ? responder : weakReceiver != null ? weakReceiver : capture;
  }

  @Nullable Object owner() {
    return owner == null ? null : owner.get();
  }

  /** Django's lookup key: (uid or receiver identity, sender identity). */
  boolean sameKey(Entry other) {
    if (sender != other.sender) {
      return false;
    }
    if (uid != null || other.uid != null) {
      return uid != null && uid.equals(other.uid);
    }
    return target() == other.target() && owner() == other.owner();
  }

  @Override
  public boolean disconnect() {
    return signal.remove(this);
  }

  @Override
  public boolean isConnected() {
    return isLive() && signal.contains(this);
  }

  @Override
  public boolean isDuplicate() {
    return false;
  }

  @Override
  public String signal() {
    return info.signal();
  }

  @Override
  public String receiver() {
    return info.receiver();
  }

  @Override
  public @Nullable Object sender() {
    return info.sender();
  }

  @Override
  public @Nullable String dispatchUid() {
    return info.dispatchUid();
  }

  @Override
  public boolean weak() {
    return info.weak();
  }

  @Override
  public String declaredAt() {
    return info.declaredAt();
  }

  @Override
  public void close() {
    disconnect();
  }

  @Override
  public String toString() {
    return info.toString();
  }

  /** The handle returned by a connect that found an equal connection in place. */
  record Duplicate(Entry first) implements Connection {
    @Override
    public boolean disconnect() {
      return false;
    }

    /** Tells whether the first connection, the one this connect found, is still in place. */
    @Override
    public boolean isConnected() {
      return first.isConnected();
    }

    @Override
    public String signal() {
      return first.info.signal();
    }

    @Override
    public String receiver() {
      return first.info.receiver();
    }

    @Override
    public @Nullable Object sender() {
      return first.info.sender();
    }

    @Override
    public @Nullable String dispatchUid() {
      return first.info.dispatchUid();
    }

    @Override
    public boolean weak() {
      return first.info.weak();
    }

    @Override
    public String declaredAt() {
      return first.info.declaredAt();
    }

    @Override
    public boolean isDuplicate() {
      return true;
    }

    @Override
    public void close() {}

    @Override
    public String toString() {
      return first.toString() + " [duplicate connect]";
    }
  }
}
