package dev.jsignals.benchmarks;

import dev.jsignals.benchmarks.OutboxDatabase.Order;
import dev.jsignals.benchmarks.OutboxDatabase.OrderDao;
import dev.jsignals.core.Signals;
import dev.jsignals.outbox.Outbox;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Relay throughput, measured from outside through the public API as a user would: a backlog of
 * {@link #backlog} committed outbox rows (each its own key) is written, then {@link #relays}
 * outboxes (as that many processes would be, each with {@link #threads} relay threads, default
 * settings but {@link #parallelism}) are started and the benchmark waits with {@link
 * Outbox#awaitDrained} until none is pending. Events per second = backlog / the time of one drain.
 * Single-shot: each iteration is one drain of a fresh backlog into the same table, so the
 * iterations also show whether drains slow down one after the other (dead tuples on PostgreSQL).
 * With {@link #start} {@code running}, one relay runs for the whole trial, as in an application,
 * and each backlog appears while it waits: the drain's own rate, without a relay's start.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 10)
@Fork(1)
@State(Scope.Benchmark)
public class OutboxRelayBenchmark {
  /** {@code sqlite}, or {@code postgresql} for the server of {@code JSIGNALS_POSTGRES_URL}. */
  @Param({"sqlite", "postgresql"})
  public String database;

  /** How many relays (outboxes, as processes would be) compete for the rows. */
  @Param({"1", "4"})
  public int relays;

  /**
   * Rows of a batch each relay delivers at once: 1 (the default: one completion per row) or 8 (one
   * completion statement per batch).
   */
  @Param({"1", "8"})
  public int parallelism;

  /**
   * Relay threads of each outbox ({@code relayThreads}): 1, the default, or 2, so that one thread
   * claims while the other's batch is delivered and completed.
   */
  @Param({"1"})
  public int threads;

  /**
   * How many rows are waiting when the relays start: one written through the API, the rest copies
   * of it inserted in one statement ({@link OutboxFill}), each its own key.
   */
  @Param({"1000", "10000", "100000"})
  public int backlog;

  /**
   * PostgreSQL's {@code synchronous_commit} for every session (writer and relays): {@code on} (the
   * server's default) or {@code off}. Ignored on SQLite.
   */
  @Param({"on"})
  public String synchronousCommit;

  /**
   * {@code vacuumEvery} of the relays: 10,000 (the default: on PostgreSQL a relay vacuums the table
   * after a burst of that many rows), or 0 (the table is left to autovacuum).
   */
  @Param({"10000"})
  public int vacuumEvery;

  /**
   * {@code cold}: new relays (new outboxes, as new processes) start over each backlog, and the
   * timed drain includes their start (their connections, the first claims of their prepared
   * statements). {@code running} (one relay only): the writer's own outbox relays for the whole
   * trial; each backlog is inserted behind its back (no wake-up, a 10-minute poll), then one write
   * through the API (on a connection held for the trial, as a pool would) wakes it at its commit,
   * and the drain of the backlog and that row is timed.
   */
  @Param({"cold"})
  public String start;

  private Path dir;
  private String url;
  private Jdbi writer;
  private Outbox writerOutbox;
  private final List<Outbox> outboxes = new ArrayList<>();
  private int iteration;
  private boolean running;
  private long deliveredBefore;
  private @Nullable Handle held;

  @Setup(Level.Trial)
  public void open() throws IOException {
    dir = Files.createTempDirectory("jsignals-relay-bench");
    url = OutboxDatabase.create(database, dir, "relay", synchronousCommit);
    Signals signals = Signals.create();
    writer = OutboxDatabase.jdbi(url, signals);
    running = start.equals("running");
    if (running && relays != 1) {
      throw new IllegalArgumentException("start=running takes relays=1, not " + relays);
    }
    writerOutbox =
        running
            ? Outbox.builder(writer, signals)
                .owner("bench-running")
                .parallelism(parallelism)
                .relayThreads(threads)
                .vacuumEvery(vacuumEvery)
                .pollInterval(Duration.ofMinutes(10))
                .build()
            : Outbox.builder(writer, signals).build();
    writerOutbox.postSave(Order.class, "orders.mail", e -> {});
    if (running) {
      // The fills' template: a row of a receiver no relay here knows, so it stays.
      Signals other = Signals.create();
      Jdbi templateWriter = OutboxDatabase.jdbi(url, other);
      try (Outbox template = Outbox.builder(templateWriter, other).build()) {
        template.postSave(Order.class, "orders.template", e -> {});
        templateWriter.useHandle(h -> h.attach(OrderDao.class).insert(new Order("soup")));
      }
      writerOutbox.start();
      // The timed write's connection, held as a pool would hold it.
      held = writer.open();
    }
  }

  /**
   * Commits the backlog (one row through the API, the rest copied from it in one statement) and
   * builds the relays' outboxes; with {@link #start} {@code running} only the copies (the row
   * through the API is the timed drain's first step).
   */
  @Setup(Level.Invocation)
  public void write() {
    if (running) {
      OutboxFill.fill(
          writer, backlog - 1, OutboxFill.Rows.PENDING, "orders.template", "orders.mail");
      deliveredBefore = writerOutbox.delivered();
      return;
    }
    writer.useHandle(h -> h.attach(OrderDao.class).insert(new Order("soup")));
    OutboxFill.fill(writer, backlog - 1, OutboxFill.Rows.PENDING);
    iteration++;
    for (int r = 0; r < relays; r++) {
      Signals own = Signals.create();
      Outbox outbox =
          Outbox.builder(OutboxDatabase.jdbi(url, own), own)
              .owner("bench-" + iteration + "-" + r)
              .parallelism(parallelism)
              .relayThreads(threads)
              .vacuumEvery(vacuumEvery)
              .build();
      outbox.postSave(Order.class, "orders.mail", e -> {});
      outboxes.add(outbox);
    }
  }

  /** Stops the relays of the drain just measured. */
  @TearDown(Level.Invocation)
  public void stopRelays() {
    if (running) {
      long delivered = writerOutbox.delivered() - deliveredBefore;
      if (delivered != backlog) {
        throw new IllegalStateException("drained " + delivered + " of " + backlog + " rows");
      }
      return;
    }
    long delivered = outboxes.stream().mapToLong(Outbox::delivered).sum();
    outboxes.forEach(Outbox::close);
    outboxes.clear();
    if (delivered < backlog) {
      throw new IllegalStateException("drained " + delivered + " of " + backlog + " rows");
    }
  }

  @TearDown(Level.Trial)
  public void close() throws IOException {
    if (held != null) {
      held.close();
    }
    writerOutbox.close();
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /** Starts the relays (or wakes the running one) and waits until the backlog is drained. */
  @Benchmark
  public boolean drain() throws InterruptedException {
    if (held != null) {
      held.attach(OrderDao.class).insert(new Order("soup"));
      if (!writerOutbox.awaitDrained(Duration.ofMinutes(30))) {
        throw new IllegalStateException("the backlog was not drained in 30 minutes");
      }
      return true;
    }
    outboxes.forEach(Outbox::start);
    // Each outbox's wait also lets its own last batch be counted (another outbox, as another
    // process, may still be counting the rows it just completed when the first one returns).
    for (Outbox outbox : outboxes) {
      if (!outbox.awaitDrained(Duration.ofMinutes(30))) {
        throw new IllegalStateException("the backlog was not drained in 30 minutes");
      }
    }
    return true;
  }
}
