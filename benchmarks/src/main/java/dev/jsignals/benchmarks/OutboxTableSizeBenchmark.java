package dev.jsignals.benchmarks;

import dev.jsignals.benchmarks.OutboxDatabase.Order;
import dev.jsignals.benchmarks.OutboxDatabase.OrderDao;
import dev.jsignals.core.Signals;
import dev.jsignals.outbox.Outbox;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
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
 * The cost of a durable write and of one claim and completion as the outbox table grows: the table
 * holds {@link #rows} rows besides the ones measured, either delivered rows kept ({@code
 * keepDelivered}, the outbox then completes by marking) or pending rows not due for ten years (a
 * backlog waiting out its backoff, which a claim must not read). The rows are copies of one row
 * written through the API, inserted in one statement ({@link OutboxFill}), then analysed on
 * PostgreSQL as autovacuum would have. {@code write}: one durable write through the annotated DAO
 * (no relay runs). {@code writeAndDeliver}: the same write, then {@link Outbox#deliverDue()} in the
 * benchmark's thread, which claims that row, calls the no-op receiver and completes it (and makes
 * one more claim that finds nothing): the claim and completion cost the difference of the two.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class OutboxTableSizeBenchmark {
  /** {@code sqlite}, or {@code postgresql} for the server of {@code JSIGNALS_POSTGRES_URL}. */
  @Param({"sqlite", "postgresql"})
  public String database;

  /** Rows in the table besides the measured ones. */
  @Param({"10000", "100000", "1000000"})
  public int rows;

  /** {@code kept}: delivered rows kept; {@code waiting}: pending rows due in ten years. */
  @Param({"kept", "waiting"})
  public String state;

  private Path dir;
  private Outbox outbox;
  private Handle handle;
  private OrderDao orders;

  @Setup(Level.Trial)
  public void open() throws IOException {
    dir = Files.createTempDirectory("jsignals-size-bench");
    String url = OutboxDatabase.create(database, dir, "size");
    Signals signals = Signals.create();
    Jdbi jdbi = OutboxDatabase.jdbi(url, signals);
    outbox =
        Outbox.builder(jdbi, signals)
            .keepDelivered(state.equals("kept") ? Duration.ofDays(1) : Duration.ZERO)
            .build();
    outbox.postSave(Order.class, "orders.mail", e -> {});
    handle = jdbi.open();
    orders = handle.attach(OrderDao.class);
    orders.insert(new Order("soup"));
    OutboxFill.fill(
        jdbi, rows, state.equals("kept") ? OutboxFill.Rows.KEPT : OutboxFill.Rows.WAITING);
    outbox.deliverDue();
    if (database.equals("postgresql")) {
      handle.execute("VACUUM ANALYZE jsignals_outbox");
    }
  }

  @TearDown(Level.Trial)
  public void close() throws IOException {
    handle.close();
    outbox.close();
    try (var paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /** One durable write. */
  @Benchmark
  public long write() {
    return orders.insert(new Order("soup"));
  }

  /** One durable write, then its claim, delivery and completion in this thread. */
  @Benchmark
  public int writeAndDeliver() {
    orders.insert(new Order("soup"));
    return outbox.deliverDue();
  }
}
