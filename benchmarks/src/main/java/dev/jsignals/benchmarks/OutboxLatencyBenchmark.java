package dev.jsignals.benchmarks;

import dev.jsignals.benchmarks.OutboxDatabase.Order;
import dev.jsignals.benchmarks.OutboxDatabase.OrderDao;
import dev.jsignals.core.Signals;
import dev.jsignals.outbox.Outbox;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
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
 * Commit-to-delivery latency: one durable insert, then the wait until a started relay of the same
 * process delivered it (woken by the commit, not by its poll, which is set to a minute). JMH's
 * sample mode gives the percentiles of write plus delivery; {@link OutboxWriteBenchmark} gives the
 * write alone. {@link #floorWriteHandOffAndCommit} is the floor beside it: the same write, one
 * thread hand-off at commit and one more commit, no outbox; {@link #floorWithCompletion} adds the
 * third commit of the outbox's shape (the relay's completion, after the delivery). The writer waits
 * parked, woken by the receiver, in all three.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class OutboxLatencyBenchmark {
  /** {@code sqlite}, or {@code postgresql} for the server of {@code JSIGNALS_POSTGRES_URL}. */
  @Param({"sqlite", "postgresql"})
  public String database;

  private Path dir;
  private Handle handle;
  private OrderDao orders;
  private Outbox outbox;
  private final AtomicLong delivered = new AtomicLong();
  private long written;
  private volatile @Nullable Thread waiter;

  @Setup(Level.Trial)
  public void open() throws IOException {
    dir = Files.createTempDirectory("jsignals-latency-bench");
    Signals signals = Signals.create();
    Jdbi jdbi = OutboxDatabase.jdbi(OutboxDatabase.create(database, dir, "latency"), signals);
    outbox = Outbox.builder(jdbi, signals).pollInterval(Duration.ofMinutes(1)).build();
    outbox.postSave(
        Order.class,
        "orders.mail",
        e -> {
          delivered.incrementAndGet();
          LockSupport.unpark(waiter);
        });
    outbox.start();
    handle = jdbi.open();
    orders = handle.attach(OrderDao.class);
    floor = new Floor(database, dir, "floor", false, () -> waiter);
    floorWithCompletion = new Floor(database, dir, "floor2", true, () -> waiter);
  }

  private Floor floor;
  private Floor floorWithCompletion;

  /**
   * A floor: the same write (through its own Signals, no outbox row), whose in-process receiver
   * hands the event at commit to another thread, which commits one compare-and-set on a one-row
   * table (what a claim must do at least) before it counts the event delivered; with {@code
   * complete}, that thread then commits a second one on another row, as the relay's completion of
   * the delivered row does (on PostgreSQL without waiting for its flush, as the completion), while
   * the writer goes on.
   */
  private static final class Floor {
    private final Handle writer;
    private final OrderDao orders;
    private final Handle claims;
    private final ExecutorService relay = Executors.newSingleThreadExecutor();
    private final AtomicLong delivered = new AtomicLong();
    private long written;

    Floor(String database, Path dir, String name, boolean complete, Supplier<Thread> waiter) {
      Signals signals = Signals.create();
      Jdbi jdbi = OutboxDatabase.jdbi(OutboxDatabase.create(database, dir, name), signals);
      jdbi.useHandle(
          h -> {
            h.execute("CREATE TABLE claims (id INT PRIMARY KEY, fence BIGINT NOT NULL)");
            h.execute("INSERT INTO claims VALUES (1, 0)");
            h.execute("INSERT INTO claims VALUES (2, 0)");
          });
      claims = jdbi.open();
      // As the relay's completion: on PostgreSQL its commit does not wait for the flush.
      String completion =
          database.equals("sqlite")
              ? "UPDATE claims SET fence = fence + 1 WHERE id = 2"
              : "WITH noflush AS MATERIALIZED (SELECT set_config('synchronous_commit', 'off',"
                  + " true) AS v) UPDATE claims SET fence = fence + 1 FROM noflush WHERE id = 2";
      signals
          .postSave()
          .connect(
              Order.class,
              e ->
                  e.onCommit(
                      () ->
                          relay.execute(
                              () -> {
                                claims.execute("UPDATE claims SET fence = fence + 1 WHERE id = 1");
                                delivered.incrementAndGet();
                                LockSupport.unpark(waiter.get());
                                if (complete) {
                                  claims.execute(completion);
                                }
                              })));
      writer = jdbi.open();
      orders = writer.attach(OrderDao.class);
    }

    long writeAndAwait() {
      orders.insert(new Order("soup"));
      long target = ++written;
      while (delivered.get() < target) {
        LockSupport.park(this);
      }
      return target;
    }

    void close() {
      relay.shutdownNow();
      claims.close();
      writer.close();
    }
  }

  @TearDown(Level.Trial)
  public void close() throws IOException {
    floor.close();
    floorWithCompletion.close();
    handle.close();
    outbox.close();
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /** Inserts one order and waits until the relay delivered it. */
  @Benchmark
  public long writeAndAwaitDelivery() {
    waiter = Thread.currentThread();
    orders.insert(new Order("soup"));
    long target = ++written;
    while (delivered.get() < target) {
      LockSupport.park(this);
    }
    return target;
  }

  /**
   * The floor of {@link #writeAndAwaitDelivery}: one order written, then the wait until another
   * thread, handed the event at commit, committed one more statement (see {@link Floor}).
   */
  @Benchmark
  public long floorWriteHandOffAndCommit() {
    waiter = Thread.currentThread();
    return floor.writeAndAwait();
  }

  /**
   * The same floor, whose other thread also commits a second statement once it counted the event
   * (as the relay completes the row it delivered), while the next write may be committing: three
   * commits per event, as the outbox's.
   */
  @Benchmark
  public long floorWithCompletion() {
    waiter = Thread.currentThread();
    return floorWithCompletion.writeAndAwait();
  }
}
