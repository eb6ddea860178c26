package dev.jsignals.dispatch;

import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * One connection of a {@link Signal}; it is also the handle returned to the caller. Immutable. A
 * sender other than "any" is held weakly, as Django holds it: once it is collected, the entry is
 * dead and the registry sweeps it.
 */
final class Entry implements Connection {
  /** The shape of the receiver. */
  enum Kind {
    LISTENER,
    RESPONDER,
    WEAK,
    CAPTURE,
    ASYNC
  }

  /** Returned by {@link #invoke} when a weak owner has been collected. */
  static final Object DEAD = new Object();

  final Signal<?> signal;

  /** Whether the receiver listens to every sender; {@link #sender} is then null. */
  final boolean anySender;

  final @Nullable WeakReference<Object> sender;
  final @Nullable String uid;
  private final String receiverName;
  private final String senderName;
  private final String declaredAt;
  private final @Nullable Listener<Object> receiver;
  private final @Nullable Function<Object, ?> responder;
  private final @Nullable BiConsumer<Object, Object> weakReceiver;
  private final @Nullable WeakReference<Object> owner;
  private final @Nullable SignalCapture<Object> capture;
  private final @Nullable AsyncListener<Object> async;

  /** What identifies the receiver when no uid is given: the receiver, or its lambda's identity. */
  private final Object identity;

  @SuppressWarnings("unchecked")
  Entry(
      Signal<?> signal,
      ConnectOptions options,
      String declaredAt,
      Object target,
      Kind kind,
      @Nullable Object owner,
      ReferenceQueue<Object> queue) {
    this.signal = signal;
    Object key = options.sender();
    this.anySender = key == null;
    this.sender = key == null ? null : new WeakReference<>(key, queue);
    this.senderName = Names.sender(key);
    this.uid = options.dispatchUid();
    this.declaredAt = declaredAt;
    this.receiverName = Names.receiver(options.name(), target, declaredAt);
    this.receiver = kind == Kind.LISTENER ? (Listener<Object>) target : null;
    this.responder = kind == Kind.RESPONDER ? (Function<Object, ?>) target : null;
    this.weakReceiver = kind == Kind.WEAK ? (BiConsumer<Object, Object>) target : null;
    this.capture = kind == Kind.CAPTURE ? (SignalCapture<Object>) target : null;
    this.async = kind == Kind.ASYNC ? (AsyncListener<Object>) target : null;
    this.owner = kind == Kind.WEAK ? new WeakReference<>(owner, queue) : null;
    this.identity = Duplicates.identityOf(target);
  }

  /** Tells whether a send from {@code from} calls this entry. */
  boolean matches(Object from) {
    return anySender || sender.get() == from;
  }

  /** {@return the receiver if it is a plain {@link Listener}, else null} */
  @Nullable Listener<Object> listener() {
    return receiver;
  }

  /** Calls the receiver; returns its response, or {@link #DEAD} for a collected weak owner. */
  @Nullable Object invoke(Object from, Object event) throws Exception {
    if (receiver != null) {
      receiver.receive(event);
      return null;
    }
    if (responder != null) {
      return responder.apply(event);
    }
    if (capture != null) {
      capture.record(from, event);
      return null;
    }
    if (async != null) {
      return AsyncWait.join(this, async, event);
    }
    Object target = owner.get();
    if (target == null) {
      return DEAD;
    }
    weakReceiver.accept(target, event);
    return null;
  }

  /** {@return whether this entry is a capture's recorder} */
  boolean isCapture() {
    return capture != null;
  }

  /** {@return the asynchronous receiver, or null for any other shape} */
  @Nullable AsyncListener<Object> async() {
    return async;
  }

  boolean isLive() {
    return (owner == null || owner.get() != null) && (anySender || sender.get() != null);
  }

  boolean holds(Reference<?> reference) {
    return reference == owner || reference == sender;
  }

  /** The object given to connect as the receiver. */
  Object target() {
    if (receiver != null) {
      return receiver;
    }
    if (async != null) {
      return async;
    }
    return responder != null ? responder : weakReceiver != null ? weakReceiver : capture;
  }

  @Nullable Object owner() {
    return owner == null ? null : owner.get();
  }

  boolean listensTo(@Nullable Object from) {
    return from == null ? anySender : !anySender && sender.get() == from;
  }

  /** Django's lookup key: (uid or receiver identity, sender identity). */
  boolean sameKey(Entry other) {
    if (anySender != other.anySender || (!anySender && sender.get() != other.sender.get())) {
      return false;
    }
    if (uid != null || other.uid != null) {
      return uid != null && uid.equals(other.uid);
    }
    return identity.equals(other.identity) && owner() == other.owner();
  }

  /** Tells whether this entry was connected with {@code receiver} and no uid. */
  boolean isReceiver(@Nullable Object receiver, @Nullable Object identity) {
    return uid == null
        && (owner == null
            ? target() == receiver || this.identity.equals(identity)
            : owner.get() == receiver);
  }

  @Override
  public boolean disconnect() {
    return signal.registry().remove(this);
  }

  @Override
  public boolean isConnected() {
    return isLive() && signal.registry().contains(this);
  }

  @Override
  public boolean isDuplicate() {
    return false;
  }

  @Override
  public String signal() {
    return signal.name();
  }

  @Override
  public String receiver() {
    return receiverName;
  }

  @Override
  public @Nullable Object sender() {
    return sender == null ? null : sender.get();
  }

  @Override
  public @Nullable String dispatchUid() {
    return uid;
  }

  @Override
  public boolean weak() {
    return owner != null;
  }

  @Override
  public String declaredAt() {
    return declaredAt;
  }

  @Override
  public void close() {
    disconnect();
  }

  @Override
  public String toString() {
    return receiverName
        + " <- "
        + signal.name()
        + (anySender ? " (any sender)" : " (sender " + senderName + ")")
        + (uid == null ? "" : " [uid " + uid + "]")
        + (owner != null ? " [weak]" : "");
  }
}
