package dev.jsignals.outbox;

import dev.jsignals.core.M2MChanged;
import dev.jsignals.core.ModelEvent;
import dev.jsignals.core.PostDelete;
import dev.jsignals.core.PostSave;
import dev.jsignals.core.Signals;
import dev.jsignals.dispatch.ConnectOptions;
import dev.jsignals.dispatch.Connection;
import dev.jsignals.dispatch.Listener;
import dev.jsignals.dispatch.Signal;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jspecify.annotations.Nullable;

/**
 * Durable receivers: each event a durable receiver takes is written as an outbox row in the write's
 * own transaction (rolled back with it), then delivered at least once by a relay, per key (model
 * and primary key) in commit order. Relays run in this process ({@link #start()}) and in as many
 * other processes as wanted; they claim rows with a lease and a fencing token.
 *
 * <pre>{@code
 * Outbox outbox = Outbox.builder(jdbi, signals).build();
 * outbox.postSave(User.class, "users.welcome", e -> mailer.welcome(e.instance()));
 * outbox.start();
 * }</pre>
 *
 * <p>Methods declared {@code @Receiver(durable = true)} and discovered on {@code signals} are taken
 * over by the first outbox built on those signals: their events become rows, and this outbox's
 * relays call them after the commit. Others are connected with {@link #postSave} and its kin.
 *
 * <p>Thread-safe. Connect the durable receivers before {@link #start()}: a relay only claims the
 * rows of receivers connected in its process.
 */
public final class Outbox implements AutoCloseable {
  private final Signals signals;
  private final Store store;
  private final Settings settings;
  private final Map<String, DeliveryTarget> targets = new ConcurrentHashMap<>();
  private final Relay relay;
  private final Recorder recorder;
  private @Nullable PgListener listener;
  private final @Nullable Notifier notifier;

  Outbox(
      Signals signals,
      Store store,
      EventCodec codec,
      Settings settings,
      Map<Class<?>, Function<Object, ?>> keys,
      @Nullable TracePropagation propagation) {
    this.signals = signals;
    this.store = store;
    this.settings = settings;
    this.relay = new Relay(store, settings, targets);
    this.notifier =
        settings.wakeOthers() && store.dialect() == Dialect.POSTGRESQL
            ? new Notifier(store.jdbi(), settings.owner())
            : null;
    this.recorder = new Recorder(store, codec, keys, relay, propagation, notifier);
    for (DurableReceivers.Placeholder durable : DurableReceivers.of(signals)) {
      takeOver(durable);
    }
  }

  /**
   * Starts building an outbox on a database (SQLite or PostgreSQL) whose writes send through {@code
   * signals}.
   *
   * @param jdbi the application's Jdbi, with the {@code SignalsPlugin} installed
   * @param signals the signals the durable receivers listen to
   * @return the builder
   */
  public static OutboxBuilder builder(Jdbi jdbi, Signals signals) {
    return new OutboxBuilder(Objects.requireNonNull(jdbi, "jdbi"), signals);
  }

  /**
   * Connects a durable {@code post_save} receiver.
   *
   * @param model the model class
   * @param uid the receiver's stable name: rows refer to it across restarts and processes
   * @param receiver called once per row, at least once, after the commit
   * @param <M> the model type
   * @return the recording connection: disconnecting it stops writing rows
   */
  public <M> Connection postSave(
      Class<M> model, String uid, Listener<? super PostSave<M>> receiver) {
    return durable(signals.postSave().signal(), model, uid, recorder.typed(model, uid, receiver));
  }

  /**
   * Connects a durable {@code post_delete} receiver.
   *
   * @param model the model class
   * @param uid the receiver's stable name
   * @param receiver called once per row, at least once, after the commit
   * @param <M> the model type
   * @return the recording connection
   */
  public <M> Connection postDelete(
      Class<M> model, String uid, Listener<? super PostDelete<M>> receiver) {
    return durable(signals.postDelete().signal(), model, uid, recorder.typed(model, uid, receiver));
  }

  /**
   * Connects a durable {@code m2m_changed} receiver.
   *
   * @param through the join (through) type
   * @param uid the receiver's stable name
   * @param receiver called once per row, at least once, after the commit
   * @return the recording connection
   */
  public Connection m2mChanged(
      Class<?> through, String uid, Listener<? super M2MChanged<?>> receiver) {
    return durable(signals.m2mChanged(), through, uid, recorder.typed(through, uid, receiver));
  }

  /**
   * Routes the events of a model signal to a target that takes raw rows (a message broker, for
   * instance), with the same guarantees as a durable receiver.
   *
   * @param signal {@code post_save}, {@code post_delete} or {@code m2m_changed} of this outbox's
   *     signals
   * @param sender the model class (the join type for {@code m2m_changed})
   * @param uid the target's stable name
   * @param target where the relay hands each row
   * @return the recording connection
   */
  public Connection route(
      Signal<? extends ModelEvent<?>> signal, Class<?> sender, String uid, DeliveryTarget target) {
    return durable(signal, sender, uid, Objects.requireNonNull(target, "target"));
  }

  /**
   * Starts the relay threads (and, on PostgreSQL, a listener that wakes them when another process
   * commits rows). Rows committed in this process are delivered right after their commit.
   *
   * @return this outbox
   */
  public synchronized Outbox start() {
    relay.start();
    if (settings.listen() && store.dialect() == Dialect.POSTGRESQL && listener == null) {
      listener = new PgListener(store.jdbi(), relay, settings.pollInterval());
      listener.start();
    }
    return this;
  }

  /**
   * Delivers, in the calling thread, every row that is due now for the receivers connected here.
   *
   * @return how many rows were delivered
   */
  public int deliverDue() {
    return relay.deliverDue().delivered();
  }

  /**
   * Delivers, in the calling thread, every row that is due now for the receivers connected here,
   * and reports what became of each row taken: what a command-line relay prints before it exits.
   * Rows of a target found unreachable are given back untried and that target is not tried again in
   * this round.
   *
   * @return the counts of this round
   */
  public DeliveryReport deliverDueReport() {
    return relay.deliverDue();
  }

  /**
   * {@return how many rows this outbox delivered since it was built, in its relay threads and in
   * {@link #deliverDue()} together} Rows delivered by other processes' relays are not counted.
   */
  public long delivered() {
    return relay.delivered.sum();
  }

  /**
   * {@return how many delivery attempts of this outbox failed since it was built (the receiver
   * threw or overran its deadline), dead ends included} Unreachable targets, whose rows are given
   * back without counting the attempt, are not failures.
   */
  public long failed() {
    return relay.failed.sum();
  }

  /**
   * Waits until no row of the receivers connected here is pending any more (delivered, or dead
   * after its last attempt), whichever relay finishes it: this outbox's threads, its {@link
   * #deliverDue()} callers or other processes. Reads the database each time a relay thread or
   * {@link #deliverDue()} of this outbox finds nothing more to claim, and at least every 50 ms
   * while none of its batches is being finished, through one connection opened at the first look
   * and held while it waits. Rows waiting for a retry count as pending: a failing receiver keeps
   * the outbox from draining until its rows succeed or die. Once it returns {@code true}, {@link
   * #delivered()} and {@link #failed()} count every row this outbox finished.
   *
   * <pre>{@code
   * outbox.start();
   * if (!outbox.awaitDrained(Duration.ofMinutes(1))) {
   *   log.warn("still {} pending", outbox.status().pending());
   * }
   * }</pre>
   *
   * @param timeout how long to wait at most, not negative
   * @return {@code true} once drained, {@code false} if the timeout passed first
   * @throws InterruptedException if the calling thread is interrupted while waiting
   */
  public boolean awaitDrained(java.time.Duration timeout) throws InterruptedException {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative()) {
      throw new IllegalArgumentException("timeout must not be negative, was " + timeout);
    }
    long nanos =
        timeout.compareTo(java.time.Duration.ofDays(36_500)) > 0
            ? java.time.Duration.ofDays(36_500).toNanos()
            : timeout.toNanos();
    long deadline = System.nanoTime() + nanos;
    // One connection for every look: on PostgreSQL a connection per look (each a server process)
    // cost the server about what a relay's batch does. Opened at the first look, and no look while
    // this process's relay is finishing a batch: rows are pending then, or being counted.
    Handle[] handle = new Handle[1];
    try {
      return relay.progress.await(
          () -> {
            if (!relay.settled()) {
              return false;
            }
            if (handle[0] == null) {
              handle[0] = store.jdbi().open();
            }
            // In this order: a batch that finished the last rows counts them before it is settled.
            return !store.anyPending(handle[0], targets.keySet()) && relay.settled();
          },
          deadline);
    } finally {
      if (handle[0] != null) {
        handle[0].close();
      }
    }
  }

  /** {@return counts of the rows now, and the age of the oldest undelivered one} */
  public OutboxStatus status() {
    return store.status();
  }

  /**
   * Lists rows of one state, oldest first.
   *
   * @param status the state
   * @return up to 1000 rows
   */
  public List<OutboxRow> rows(OutboxRow.Status status) {
    return store.rows(Objects.requireNonNull(status, "status"), 1000);
  }

  /**
   * Makes a dead row pending again, with its attempts reset; its key flows again once delivered.
   * Moves the row's fencing token.
   *
   * @param id the row's id
   * @throws IllegalArgumentException if there is no dead row with that id
   */
  public void retry(long id) {
    if (store.retry(id) != 1) {
      throw new IllegalArgumentException("No dead outbox row has id " + id);
    }
    relay.wake();
  }

  /** {@return how many dead rows were made pending again} */
  public int retryDead() {
    int count = store.retry(null);
    relay.wake();
    return count;
  }

  /**
   * Gives up a dead (or waiting, unclaimed) row: it is never delivered, and the rows after it in
   * its key flow again. Moves the row's fencing token: a relay whose claim on it ended can no
   * longer record anything on it. "Unclaimed" is decided by the database's clock.
   *
   * @param id the row's id
   * @throws IllegalArgumentException if no dead or unclaimed pending row has that id
   */
  public void skip(long id) {
    if (store.skip(id) != 1) {
      throw new IllegalArgumentException(
          "No dead or waiting outbox row has id "
              + id
              + " (a row being delivered cannot be skipped)");
    }
    relay.wake();
  }

  /** {@return this outbox's relay} */
  Relay relay() {
    return relay;
  }

  /**
   * {@return how long one delivery may run before its receiver is interrupted (the delivery
   * timeout, by default the lease)}: targets that call the network bound their calls inside it.
   */
  public java.time.Duration deliveryTimeout() {
    return settings.deliveryTimeout();
  }

  /** {@return the relay's counters, for metrics} */
  RelayCounters counters() {
    return new RelayCounters(relay);
  }

  /**
   * Stops the relay threads, waiting up to the lease for deliveries in progress. Rows claimed and
   * not finished are taken over by other relays when their lease ends.
   */
  @Override
  public synchronized void close() {
    try {
      relay.stop(settings.lease());
      if (listener != null) {
        listener.stop();
        listener = null;
      }
      if (notifier != null) {
        notifier.close();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private Connection durable(
      Signal<? extends ModelEvent<?>> modelSignal,
      Class<?> sender,
      String uid,
      DeliveryTarget target) {
    Objects.requireNonNull(sender, "sender");
    Objects.requireNonNull(uid, "uid");
    if (uid.isBlank()) {
      throw new IllegalArgumentException("uid must not be blank, for example \"users.welcome\"");
    }
    String name = modelSignal.name();
    if (!name.equals(EventCodec.POST_SAVE)
        && !name.equals(EventCodec.POST_DELETE)
        && !name.equals(EventCodec.M2M_CHANGED)) {
      throw new IllegalArgumentException(
          "A durable receiver takes post_save, post_delete or m2m_changed, not "
              + name
              + ": a pre_ signal delivered after the commit would no longer come before anything");
    }
    targets.putIfAbsent(uid, target);
    Signal signal = modelSignal;
    Listener<ModelEvent<?>> record = event -> recorder.record(uid, name, event);
    return signal.connect(
        ConnectOptions.sender(sender).dispatchUid("outbox:" + uid).name("durable " + uid), record);
  }

  /** Takes over a discovered {@code @Receiver(durable = true)} method. */
  private void takeOver(DurableReceivers.Placeholder durable) {
    Class<?> type = durable.eventType;
    String name =
        type == PostSave.class
            ? EventCodec.POST_SAVE
            : type == PostDelete.class
                ? EventCodec.POST_DELETE
                : type == M2MChanged.class ? EventCodec.M2M_CHANGED : null;
    Class<?> sender = durable.sender;
    if (name == null || sender == null) {
      throw new IllegalStateException(
          "Durable receiver "
              + durable.name
              + " needs a model class to decode its events after the commit: take PostSave<Model>"
              + " or PostDelete<Model>, or give sender = Through.class for M2MChanged");
    }
    if (durable.bind(event -> recorder.record(durable.uid, name, (ModelEvent<?>) event))) {
      targets.putIfAbsent(durable.uid, recorder.typed(sender, durable.uid, durable.receiver));
    }
  }

  /** {@return whether this outbox listens for other processes' commits now} */
  synchronized boolean listening() {
    return listener != null && listener.listening();
  }
}
