package dev.jsignals.outbox;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.jsignals.core.Signals;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;
import org.jdbi.v3.core.Jdbi;
import org.jspecify.annotations.Nullable;

/**
 * Settings of an {@link Outbox}, each with a default that suits a small application. Not
 * thread-safe: build on one thread, then share the outbox.
 */
public final class OutboxBuilder {
  private final Jdbi jdbi;
  private final Signals signals;
  private int maxAttempts = 16;
  private Duration backoff = Duration.ofSeconds(1);
  private Duration maxBackoff = Duration.ofHours(1);
  private Duration lease = Duration.ofSeconds(60);
  private @Nullable Duration deliveryTimeout;
  private Duration pollInterval = Duration.ofSeconds(2);
  private int batchSize = 50;
  private int relayThreads = 1;
  private int parallelism = 1;
  private Duration keepDelivered = Duration.ZERO;
  private int vacuumEvery = 10_000;
  private boolean listen = true;
  private boolean wakeOthers = true;
  private boolean createSchema = true;
  private boolean rowsWithCommit = true;
  private String owner =
      ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 8);
  private ObjectMapper mapper =
      new ObjectMapper()
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
  private final Map<Class<?>, Function<Object, ?>> keys = new HashMap<>();
  private @Nullable TracePropagation propagation;

  OutboxBuilder(Jdbi jdbi, Signals signals) {
    this.jdbi = jdbi;
    this.signals = Objects.requireNonNull(signals, "signals");
  }

  /**
   * How many attempts a row gets before it is dead (default 16: with the default backoff, about two
   * to four hours of failures). A relay that dies while delivering counts an attempt too, so a
   * receiver that kills its process ends dead with "relay died N times while delivering". An
   * attempt that found its target unreachable is not counted.
   *
   * @param attempts at least 1
   * @return this builder
   */
  public OutboxBuilder maxAttempts(int attempts) {
    this.maxAttempts = positive(attempts, "maxAttempts");
    return this;
  }

  /**
   * The backoff after a failure: attempt n waits between half and all of {@code first * 2^(n-1)},
   * at most {@code max} (defaults 1 s and 1 h). The same schedule paces a target found unreachable
   * (its circuit: first pause {@code first}, doubling, at most {@code max} or 5 min).
   *
   * @param first the wait after the first failure
   * @param max the longest wait
   * @return this builder
   */
  public OutboxBuilder backoff(Duration first, Duration max) {
    this.backoff = positive(first, "backoff");
    this.maxBackoff = positive(max, "maxBackoff");
    return this;
  }

  /**
   * How long a relay's claim on a row lasts (default 60 s): after that another relay may take the
   * row over, and the first one can no longer complete it. A relay renews the leases it holds every
   * third of the lease, by the database's clock; a relay that could not renew in time stops its
   * receiver a tenth of the lease before the lease ends. Make it longer than the slowest receiver
   * (see {@link #deliveryTimeout(Duration)}).
   *
   * @param duration the lease
   * @return this builder
   */
  public OutboxBuilder lease(Duration duration) {
    this.lease = positive(duration, "lease");
    return this;
  }

  /**
   * How long one delivery may run (default: the lease). At the deadline the receiver's thread is
   * interrupted and the attempt fails with "receiver exceeded its lease of N s". Receivers should
   * bound their own network calls well inside it (a mail or HTTP client's timeouts, a Kafka
   * producer's {@code delivery.timeout.ms}). Longer than the lease is allowed: the heartbeat then
   * keeps the claim while the receiver runs.
   *
   * @param duration the longest delivery
   * @return this builder
   */
  public OutboxBuilder deliveryTimeout(Duration duration) {
    this.deliveryTimeout = positive(duration, "deliveryTimeout");
    return this;
  }

  /**
   * How often an idle relay looks for rows it was not woken for (default 2 s): rows of other
   * processes on SQLite, rows whose backoff ended, rows whose lease ended.
   *
   * @param interval the interval
   * @return this builder
   */
  public OutboxBuilder pollInterval(Duration interval) {
    this.pollInterval = positive(interval, "pollInterval");
    return this;
  }

  /**
   * How many rows a relay claims at once (default 50): one statement claims them, one statement
   * completes those delivered. A claim takes at most one row per key (the first undelivered one),
   * so the rows of a batch are all of different keys; except for a {@link BatchDeliveryTarget},
   * which keeps a key's order within a batch: a second statement then claims the next rows of each
   * of its keys, up to this many rows in all, and the target gets them in one call. Raise it (to
   * some hundreds) for a broker target with few busy keys: each batch costs about one round trip.
   *
   * @param rows at least 1
   * @return this builder
   */
  public OutboxBuilder batchSize(int rows) {
    this.batchSize = positive(rows, "batchSize");
    return this;
  }

  /**
   * How many relay threads {@link Outbox#start()} runs (default 1).
   *
   * @param threads at least 1
   * @return this builder
   */
  public OutboxBuilder relayThreads(int threads) {
    this.relayThreads = positive(threads, "relayThreads");
    return this;
  }

  /**
   * How many rows of a claimed batch a relay thread delivers at once, each in a receiver thread of
   * its own. The rows of a batch are of different keys, so a key's events still arrive one at a
   * time, in order. With 1 (the default) they run one after the other and each is completed as soon
   * as its receiver returned (one statement per row). Above 1 the whole batch runs, that many at a
   * time, and one statement completes every row delivered (one commit per batch instead of per row:
   * what makes a relay fast on PostgreSQL, whose every commit waits for the disk); the rows
   * delivered wait for the batch's slowest one, their leases renewed meanwhile. Receivers see up to
   * {@code relayThreads * parallelism} calls at once from this outbox.
   *
   * <p>Above 1 this mode is not yet covered by the outbox's fault-injection run, which found
   * duplicate deliveries under heavy load that it could not attribute to a fault (see
   * docs/outbox.md): keep the default where a duplicate delivery costs.
   *
   * @param rows at least 1
   * @return this builder
   */
  public OutboxBuilder parallelism(int rows) {
    this.parallelism = positive(rows, "parallelism");
    return this;
  }

  /**
   * Keeps delivered and skipped rows for a while instead of deleting them at once.
   *
   * @param duration how long; zero (the default) deletes delivered rows at once
   * @return this builder
   */
  public OutboxBuilder keepDelivered(Duration duration) {
    Objects.requireNonNull(duration, "keepDelivered");
    if (duration.isNegative()) {
      throw new IllegalArgumentException("keepDelivered must not be negative: " + duration);
    }
    this.keepDelivered = duration;
    return this;
  }

  /**
   * On PostgreSQL, how many rows a relay finishes between two vacuums of the outbox table by itself
   * (default 10,000): when it finds no row due having finished that many since its last vacuum, or
   * has finished ten times as many without finding none, it runs {@code VACUUM (SKIP_LOCKED)} on
   * the table in a thread of its own. Each delivered row leaves two dead row versions, and
   * autovacuum visits a table about once a minute: a large backlog, or a fast flow, drained before
   * then would walk the dead index entries of the rows finished before it at every claim. A role
   * that may not vacuum the table is refused by the server with a warning; the relay then logs it
   * once and leaves the table to autovacuum. Nothing is run on SQLite.
   *
   * @param rows at least 0; 0 leaves the table to autovacuum
   * @return this builder
   */
  public OutboxBuilder vacuumEvery(int rows) {
    if (rows < 0) {
      throw new IllegalArgumentException("vacuumEvery must not be negative, not " + rows);
    }
    this.vacuumEvery = rows;
    return this;
  }

  /**
   * Whether relays on PostgreSQL listen for other processes' commits (default true).
   *
   * @param enabled false to rely on polling alone
   * @return this builder
   */
  public OutboxBuilder listen(boolean enabled) {
    this.listen = enabled;
    return this;
  }

  /**
   * Whether durable writes on PostgreSQL wake the relays of other processes at once (default true):
   * after each commit, a {@code NOTIFY} that their {@link #listen} receives, sent from a thread of
   * this outbox in a statement of its own (never in the write's transaction, where it would make
   * concurrent writers commit one at a time) and folded with other commits' into one when writes
   * come faster than it is sent. Off: other processes' relays find the rows at their {@link
   * #pollInterval}; this process's relays are woken at commit either way.
   *
   * @param enabled false to send no {@code NOTIFY}
   * @return this builder
   */
  public OutboxBuilder wakeOthers(boolean enabled) {
    this.wakeOthers = enabled;
    return this;
  }

  /**
   * Whether {@link #build()} creates the outbox tables when missing (default true); turn it off
   * when migrations create them (see docs/outbox.md).
   *
   * @param enabled whether to create them
   * @return this builder
   */
  public OutboxBuilder createSchema(boolean enabled) {
    this.createSchema = enabled;
    return this;
  }

  /**
   * This relay's name in the rows it claims (default the process id and a random suffix), and in
   * the names of its threads: {@code jsignals-relay-<owner>-<n>}, {@code
   * jsignals-receiver-<owner>-<n>} and {@code jsignals-heartbeat-<owner>}, so that a thread dump or
   * a profile tells the outboxes of one process apart.
   *
   * @param name not blank
   * @return this builder
   */
  public OutboxBuilder owner(String name) {
    if (Objects.requireNonNull(name, "owner").isBlank()) {
      throw new IllegalArgumentException("owner must not be blank");
    }
    this.owner = name;
    return this;
  }

  /**
   * The Jackson mapper that writes and reads the events (default: a plain mapper that ignores
   * unknown properties). Register modules on it, such as JavaTimeModule, for your models.
   *
   * @param objectMapper the mapper
   * @return this builder
   */
  public OutboxBuilder objectMapper(ObjectMapper objectMapper) {
    this.mapper = Objects.requireNonNull(objectMapper, "objectMapper");
    return this;
  }

  /**
   * How to read a model's primary key, when it is not its {@code id} property.
   *
   * @param model the model class
   * @param key gives the instance's primary key
   * @param <M> the model type
   * @return this builder
   */
  @SuppressWarnings("unchecked")
  public <M> OutboxBuilder key(Class<M> model, Function<? super M, ?> key) {
    keys.put(
        Objects.requireNonNull(model, "model"),
        (Function<Object, ?>) Objects.requireNonNull(key, "key"));
    return this;
  }

  /**
   * Carries the trace context of each durable write to its delivery (default none: nothing is
   * captured, deliveries run as they are). Each row then keeps what {@link
   * TracePropagation#capture()} returned on the writer's thread, each durable receiver runs inside
   * {@link TracePropagation#restore}, and routed targets read it from {@link
   * OutboxRow#traceContext()}.
   *
   * @param propagation captures and restores the context, or {@code null} for none
   * @return this builder
   */
  public OutboxBuilder propagation(@Nullable TracePropagation propagation) {
    this.propagation = propagation;
    return this;
  }

  /**
   * PostgreSQL: whether a transaction's outbox rows are held until its commit and sent with the
   * {@code COMMIT}, in one round trip (default {@code true}): a durable write then takes as many
   * round trips as the same write in a transaction without an outbox. Only the transactions begun
   * through Jdbi on handles opened after {@link #build()} hold rows, and only while that is safe
   * (no savepoint taken through Jdbi, no pgjdbc {@code autosave}); other rows are inserted at once.
   * When a held row cannot be written, the whole transaction is rolled back and the commit throws,
   * naming the row. No effect on SQLite, which has no round trips to save.
   *
   * <p>Turn it off when transactions are ended or split on the JDBC connection behind Jdbi's back
   * ({@code connection.commit()}, or {@code SAVEPOINT} and {@code ROLLBACK TO} sent as SQL): Jdbi's
   * commit is where the rows are sent.
   *
   * @param enabled {@code false} to insert every row as it is recorded
   * @return this builder
   */
  public OutboxBuilder rowsWithCommit(boolean enabled) {
    this.rowsWithCommit = enabled;
    return this;
  }

  /**
   * Builds the outbox, creating its tables unless told not to. Relays do not run until {@link
   * Outbox#start()}.
   *
   * @return the outbox
   * @throws IllegalStateException if the database is neither SQLite nor PostgreSQL
   */
  public Outbox build() {
    Store store = new Store(jdbi);
    if (createSchema) {
      store.createSchema();
    }
    if (rowsWithCommit) {
      store.sendRowsWithCommit();
    }
    Settings settings =
        new Settings(
            maxAttempts,
            backoff,
            maxBackoff,
            lease,
            deliveryTimeout == null ? lease : deliveryTimeout,
            pollInterval,
            batchSize,
            relayThreads,
            keepDelivered,
            listen,
            wakeOthers,
            owner,
            parallelism,
            vacuumEvery);
    return new Outbox(signals, store, new EventCodec(mapper), settings, keys, propagation);
  }

  private static int positive(int value, String name) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be at least 1, not " + value);
    }
    return value;
  }

  private static Duration positive(Duration value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, not " + value);
    }
    return value;
  }
}
