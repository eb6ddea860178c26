package dev.jsignals.benchmarks;

import dev.jsignals.benchmarks.OutboxDatabase.Order;
import dev.jsignals.benchmarks.OutboxDatabase.OrderDao;
import dev.jsignals.core.Signals;
import dev.jsignals.outbox.Outbox;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
 * The database's floor for draining a backlog, to put beside {@link OutboxRelayBenchmark}: the same
 * backlog in the same table, drained by {@link #drainers} threads with plain JDBC doing the least a
 * fenced relay must do, and nothing else: claim up to {@link #batch} due, unleased rows in due
 * order (the outbox's due index) while moving their fence and lease (one {@code UPDATE ...
 * RETURNING}, on PostgreSQL skipping locked rows), then delete the claimed rows by {@code (id,
 * fence)} in one batch and one commit. No per-key order check, no decoding, no receiver, no thread
 * hand-off, statements prepared once: the difference to the relay is what those cost. With several
 * drainers it is the floor of several relays: what the database and the cores allow them together.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 5)
@Fork(1)
@State(Scope.Benchmark)
public class OutboxDrainFloorBenchmark {
  /** {@code sqlite}, or {@code postgresql} for the server of {@code JSIGNALS_POSTGRES_URL}. */
  @Param({"sqlite", "postgresql"})
  public String database;

  /** How many rows are waiting when the drain starts, each its own key. */
  @Param({"10000"})
  public int backlog;

  /** Rows per claim: the outbox's default {@code batchSize}. */
  @Param({"50"})
  public int batch;

  /**
   * How many threads drain at once, each on its own connection (as that many relays would): on
   * PostgreSQL they skip each other's locked rows, on SQLite they take turns at the write lock.
   */
  @Param({"1"})
  public int drainers;

  private Path dir;
  private Jdbi writer;
  private Outbox writerOutbox;
  private final List<Drainer> all = new ArrayList<>();
  private ExecutorService threads;

  @Setup(Level.Trial)
  public void open() throws IOException, SQLException {
    dir = Files.createTempDirectory("jsignals-floor-bench");
    String url = OutboxDatabase.create(database, dir, "floor", "on");
    Signals signals = Signals.create();
    writer = OutboxDatabase.jdbi(url, signals);
    writerOutbox = Outbox.builder(writer, signals).build();
    writerOutbox.postSave(Order.class, "orders.mail", e -> {});
    for (int i = 0; i < drainers; i++) {
      all.add(new Drainer(OutboxDatabase.jdbi(url, Signals.create()).open()));
    }
    threads = Executors.newFixedThreadPool(drainers);
  }

  /** One drainer: its connection and its two statements, prepared once. */
  private final class Drainer {
    private final Handle handle;
    private final PreparedStatement claim;
    private final PreparedStatement complete;

    Drainer(Handle handle) throws SQLException {
      this.handle = handle;
      Connection connection = handle.getConnection();
      boolean pg = database.equals("postgresql");
      String now =
          pg
              ? "CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT)"
              : "CAST(unixepoch('subsec') * 1000 AS INTEGER)";
      String oldest =
          // The clock read once, in a subquery, as the relay reads it: compared directly, the
          // volatile clock_timestamp() would be evaluated per index entry instead of seeking.
          "SELECT id FROM jsignals_outbox WHERE status = 'pending' AND next_at <= (SELECT "
              + now
              + ") AND lease_until IS NULL ORDER BY next_at, id LIMIT ?"
              + (pg ? " FOR UPDATE SKIP LOCKED" : "");
      String set =
          " SET fence = fence + 1, attempts = attempts + 1, lease_until = " + now + " + 60000";
      // On PostgreSQL the rows to take in a CTE joined by id, as the relay's claim: an
      // "id IN (subquery)" may be planned as a scan of the whole table, dead rows included.
      claim =
          connection.prepareStatement(
              pg
                  ? "WITH c AS ("
                      + oldest
                      + ") UPDATE jsignals_outbox t"
                      + set
                      + " FROM c WHERE t.id = c.id RETURNING t.id, t.fence, t.payload"
                  : "UPDATE jsignals_outbox"
                      + set
                      + " WHERE id IN ("
                      + oldest
                      + ") RETURNING id, fence, payload");
      complete =
          connection.prepareStatement("DELETE FROM jsignals_outbox WHERE id = ? AND fence = ?");
    }

    /** Claims and deletes batches until a claim finds none; {@return the rows it drained} */
    int drainAll() throws SQLException {
      Connection connection = handle.getConnection();
      int drained = 0;
      while (true) {
        int claimed = 0;
        claim.setInt(1, batch);
        try (ResultSet rows = claim.executeQuery()) {
          while (rows.next()) {
            complete.setLong(1, rows.getLong(1));
            complete.setLong(2, rows.getLong(2));
            if (rows.getString(3) == null) {
              throw new IllegalStateException("a row without payload");
            }
            complete.addBatch();
            claimed++;
          }
        }
        if (claimed == 0) {
          return drained;
        }
        connection.setAutoCommit(false);
        complete.executeBatch();
        connection.commit();
        connection.setAutoCommit(true);
        drained += claimed;
      }
    }
  }

  /** Commits the backlog: one row through the API, the rest copied from it in one statement. */
  @Setup(Level.Invocation)
  public void write() {
    writer.useHandle(h -> h.attach(OrderDao.class).insert(new Order("soup")));
    OutboxFill.fill(writer, backlog - 1, OutboxFill.Rows.PENDING);
    if (database.equals("postgresql")) {
      // The statistics the relay's claim gets from its own ANALYZE of a table grown past them.
      writer.useHandle(h -> h.execute("ANALYZE jsignals_outbox"));
    }
  }

  @TearDown(Level.Trial)
  public void close() throws IOException {
    threads.shutdownNow();
    all.forEach(d -> d.handle.close());
    writerOutbox.close();
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /**
   * Runs every drainer until none finds a row.
   *
   * @return the rows drained
   */
  @Benchmark
  public int drain() throws Exception {
    List<Future<Integer>> running = new ArrayList<>();
    for (Drainer drainer : all) {
      running.add(threads.submit(drainer::drainAll));
    }
    int drained = 0;
    for (Future<Integer> one : running) {
      drained += one.get();
    }
    if (drained < backlog) {
      throw new IllegalStateException("drained " + drained + " of " + backlog + " rows");
    }
    return drained;
  }
}
