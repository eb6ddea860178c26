package dev.jsignals.outbox;

import dev.jsignals.core.ModelEvent;
import dev.jsignals.dispatch.Listener;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jspecify.annotations.Nullable;

/**
 * Writes a durable receiver's outbox row in the write's transaction, and turns a claimed row back
 * into the event its receiver takes. Thread-safe (immutable).
 */
final class Recorder {
  private final Store store;
  private final EventCodec codec;
  private final Map<Class<?>, Function<Object, ?>> keys;
  private final Relay relay;
  private final @Nullable TracePropagation propagation;
  private final @Nullable Notifier notifier;

  Recorder(
      Store store,
      EventCodec codec,
      Map<Class<?>, Function<Object, ?>> keys,
      Relay relay,
      @Nullable TracePropagation propagation,
      @Nullable Notifier notifier) {
    this.store = store;
    this.codec = codec;
    this.keys = Map.copyOf(keys);
    this.relay = relay;
    this.propagation = propagation;
    this.notifier = notifier;
  }

  /** Writes the row of one event for receiver {@code uid}, through the write's own handle. */
  void record(String uid, String signal, ModelEvent<?> event) throws Exception {
    Handle handle =
        event
            .context()
            .unwrap(Handle.class)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "Durable receiver '"
                            + uid
                            + "' needs an event raised by a database write (through"
                            + " SignalsPlugin): this one was sent by hand, so there is no"
                            + " transaction to write its outbox row in"));
    Object instance = event.instance();
    EventCodec.Encoded row = codec.encode(event, keys.get(instance.getClass()));
    String trace = propagation == null ? null : TraceContexts.write(propagation.capture());
    store.insert(handle, uid, signal, instance.getClass().getName(), row.key(), row.json(), trace);
    if (relay.running()) {
      // Wakes this process's relay threads at commit; with none running there is nothing to wake.
      event.onCommit(relay::wake);
    }
    if (notifier != null) {
      // Wakes other processes' relays (PostgreSQL LISTEN) once the row is visible to them.
      event.onCommit(notifier::poke);
    }
  }

  /** Delivers a row by decoding its event and calling {@code receiver} with it. */
  <E> DeliveryTarget typed(Class<?> sender, String uid, Listener<? super E> receiver) {
    Objects.requireNonNull(receiver, "receiver");
    Jdbi jdbi = store.jdbi();
    return row -> {
      Delivery delivery = new Delivery(row.eventId(), row.id(), uid, row.attempts());
      @SuppressWarnings("unchecked")
      E event =
          (E)
              codec.decode(
                  row.signal(), sender, row.payload(), new DeliveredContext(delivery, jdbi));
      if (Thread.interrupted()) {
        // The delivery's deadline passed while its event was decoded (a cold or starved JVM): the
        // relay gave this attempt up, and another relay may be delivering the row already.
        throw new InterruptedException("the delivery's deadline passed before its receiver ran");
      }
      if (propagation == null) {
        receiver.receive(event);
      } else {
        propagation.restore(row.traceContext(), uid, () -> receiver.receive(event));
      }
    };
  }
}
