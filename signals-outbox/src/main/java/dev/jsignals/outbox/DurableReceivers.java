package dev.jsignals.outbox;

import dev.jsignals.core.M2MChanged;
import dev.jsignals.core.PostDelete;
import dev.jsignals.core.PostSave;
import dev.jsignals.core.Signals;
import dev.jsignals.dispatch.ConnectOptions;
import dev.jsignals.dispatch.Connection;
import dev.jsignals.dispatch.Listener;
import dev.jsignals.dispatch.Signal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.WeakHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Where discovery hands the receivers declared {@code @Receiver(durable = true)}: the code that the
 * annotation processor generates calls {@link #connect}; applications do not.
 *
 * <p>A durable receiver is connected to its model signal as a placeholder, under the method's uid:
 * until the first {@link Outbox} built on the same {@link Signals} takes it over, a write that
 * reaches it fails, naming it, so that no durable event is dropped silently. Once taken over, each
 * event that reaches it becomes an outbox row in the write's transaction, and the outbox calls the
 * method after the commit. Thread-safe.
 */
public final class DurableReceivers {
  private static final Map<Signals, List<Placeholder>> FOUND = new WeakHashMap<>();

  private DurableReceivers() {}

  /**
   * Connects one durable receiver method; called by generated code.
   *
   * @param signals the signals being discovered
   * @param eventType {@code PostSave}, {@code PostDelete} or {@code M2MChanged}
   * @param sender the model class (the join type for {@code M2MChanged}), or {@code null}
   * @param uid the receiver's uid, which names its outbox rows
   * @param name the readable name, {@code com.example.Receivers#method}
   * @param receiver the method as a listener
   * @return the placeholder's connection
   * @throws IllegalArgumentException for another event type
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public static Connection connect(
      Signals signals,
      Class<?> eventType,
      @Nullable Class<?> sender,
      String uid,
      String name,
      Listener<?> receiver) {
    Objects.requireNonNull(signals, "signals");
    Placeholder placeholder =
        new Placeholder(eventType, sender, uid, name, (Listener<Object>) receiver);
    Signal signal;
    if (eventType == PostSave.class) {
      signal = signals.postSave().signal();
    } else if (eventType == PostDelete.class) {
      signal = signals.postDelete().signal();
    } else if (eventType == M2MChanged.class) {
      signal = signals.m2mChanged();
    } else {
      throw new IllegalArgumentException(
          "Durable receiver " + name + " takes " + eventType.getName() + ": " + Placeholder.EVENTS);
    }
    ConnectOptions options =
        (sender == null ? ConnectOptions.anySender() : ConnectOptions.sender(sender))
            .dispatchUid(uid)
            .name(name + " (durable)");
    Connection connection = signal.connect(options, placeholder);
    if (!connection.isDuplicate()) {
      synchronized (FOUND) {
        FOUND.computeIfAbsent(signals, s -> new ArrayList<>()).add(placeholder);
      }
    }
    return connection;
  }

  /** The durable receivers discovered for a set of signals, in discovery order. */
  static List<Placeholder> of(Signals signals) {
    synchronized (FOUND) {
      return List.copyOf(FOUND.getOrDefault(signals, List.of()));
    }
  }

  /** A discovered durable receiver, standing in for the method in the write. */
  static final class Placeholder implements Listener<Object> {
    private static final long serialVersionUID = 1L;
    static final String EVENTS = "a durable receiver takes PostSave, PostDelete or M2MChanged";

    final Class<?> eventType;
    final @Nullable Class<?> sender;
    final String uid;
    final String name;
    final transient Listener<Object> receiver;
    private transient volatile @Nullable Listener<Object> recorder;

    Placeholder(
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
     * Hands the events that reach this receiver to an outbox's recorder from now on, unless an
     * outbox took it over already: the first outbox built on the signals keeps it.
     */
    synchronized boolean bind(Listener<Object> recorder) {
      if (this.recorder != null) {
        return false;
      }
      this.recorder = recorder;
      return true;
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
                + " (Outbox.builder(jdbi, signals).build()) before writing, or remove durable ="
                + " true");
      }
      bound.receive(event);
    }

    @Override
    public String toString() {
      return name + " (durable)";
    }
  }
}
