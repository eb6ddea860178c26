package dev.jsignals.core.durable;

import dev.jsignals.core.Signals;
import dev.jsignals.dispatch.Listener;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.WeakHashMap;
import org.jspecify.annotations.Nullable;

/**
 * A receiver declared {@code @Receiver(durable = true)}, as discovery found it: the hand-off from
 * signals-core to the outbox (this package is exported to {@code dev.jsignals.outbox} only).
 *
 * <p>Discovery connects it to its signal in place of the receiver method, so it keeps the method's
 * uid, and records it for the {@link Signals} instance. Until an outbox {@linkplain #bind binds}
 * it, a write that reaches it fails, naming the receiver: a durable event is never dropped
 * silently. Once bound, it hands each event to the outbox's recorder (which writes the outbox row);
 * the outbox calls the receiver method itself, after the commit, through {@link #receiver()}.
 *
 * <p>Thread-safe: binding publishes the recorder to concurrent writers.
 */
public final class DurableReceiver implements Listener<Object> {
  private static final long serialVersionUID = 1L;
  private static final Map<Signals, List<DurableReceiver>> FOUND = new WeakHashMap<>();

  private final Class<?> eventType;
  private final @Nullable Class<?> sender;
  private final String uid;
  private final String name;
  private final Listener<Object> receiver;
  private volatile @Nullable Listener<Object> recorder;

  /**
   * Creates the placeholder of one durable receiver method.
   *
   * @param eventType the method's parameter class ({@code PostSave}, {@code PostDelete} or {@code
   *     M2MChanged})
   * @param sender the sender, or {@code null} for any sender
   * @param uid the receiver's uid, which also names its outbox rows
   * @param name the readable name, {@code com.example.Receivers#method}
   * @param receiver the method as a listener
   */
  public DurableReceiver(
      Class<?> eventType,
      @Nullable Class<?> sender,
      String uid,
      String name,
      Listener<Object> receiver) {
    this.eventType = Objects.requireNonNull(eventType, "eventType");
    this.sender = sender;
    this.uid = Objects.requireNonNull(uid, "uid");
    this.name = Objects.requireNonNull(name, "name");
    this.receiver = Objects.requireNonNull(receiver, "receiver");
  }

  /**
   * Records a durable receiver that discovery connected to a set of signals.
   *
   * @param signals the signals it is connected to
   * @param durable the receiver
   */
  public static void found(Signals signals, DurableReceiver durable) {
    synchronized (FOUND) {
      FOUND.computeIfAbsent(signals, s -> new ArrayList<>()).add(durable);
    }
  }

  /**
   * Lists the durable receivers connected to a set of signals, in discovery order.
   *
   * @param signals the signals
   * @return the durable receivers, possibly none
   */
  public static List<DurableReceiver> of(Signals signals) {
    synchronized (FOUND) {
      return List.copyOf(FOUND.getOrDefault(signals, List.of()));
    }
  }

  /** {@return the method's parameter class} */
  public Class<?> eventType() {
    return eventType;
  }

  /** {@return the sender, or {@code null} for any sender} */
  public @Nullable Class<?> sender() {
    return sender;
  }

  /** {@return the receiver's uid} */
  public String uid() {
    return uid;
  }

  /** {@return the readable name, {@code com.example.Receivers#method}} */
  public String name() {
    return name;
  }

  /** {@return the receiver method as a listener, for delivery after the commit} */
  public Listener<Object> receiver() {
    return receiver;
  }

  /**
   * Hands the events that reach this receiver to a recorder from now on; a later call replaces the
   * recorder.
   *
   * @param recorder writes the event's outbox row in the write's transaction
   */
  public void bind(Listener<Object> recorder) {
    this.recorder = Objects.requireNonNull(recorder, "recorder");
  }

  @Override
  public void receive(Object event) throws Exception {
    Listener<Object> bound = recorder;
    if (bound == null) {
      throw new IllegalStateException(
          "Durable receiver "
              + name
              + " (uid '"
              + uid
              + "') has no outbox to write its event to: build one on these signals"
              + " (Outbox.builder(jdbi, signals).build(), module dev.jsignals:signals-outbox)"
              + " before writing, or remove durable = true");
    }
    bound.receive(event);
  }

  @Override
  public String toString() {
    return name + " (durable)";
  }
}
