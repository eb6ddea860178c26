package dev.jsignals.benchmarks;

import dev.jsignals.benchmarks.OutboxDatabase.Order;
import dev.jsignals.benchmarks.OutboxDatabase.OrderDao;
import dev.jsignals.core.Signals;
import dev.jsignals.jdbi.JdbiSignals;
import dev.jsignals.outbox.Outbox;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
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
 * The cost of a durable receiver to the write, beside its fair floor, all through the same
 * statement handling (Jdbi, the annotated DAO insert, signals-jdbi's transaction, statements
 * prepared the way Jdbi prepares them): (a) the insert with no receiver (a bare auto-commit
 * statement: signals-jdbi opens no transaction when nothing listens), (c) with one durable receiver
 * (its outbox row written in the write's transaction, on PostgreSQL sent with the commit; no relay
 * runs, the rows stay as they would between two relay passes), (c0) the same with the row inserted
 * as it is recorded, and (e) the floor: the same insert with an in-process receiver that writes one
 * minimal second row (an id and a short text, no index) through the write's own handle, in the same
 * transaction, with a statement prepared once on the connection as the outbox prepares its own: the
 * least any transactional outbox must write; (e2) the same with the second row shaped as a row a
 * relay can claim (an id never reused, a key index, a due index): what the database must write for
 * it. On PostgreSQL (f) writes both rows in one round trip, one statement with a writable CTE: the
 * floor of an outbox that needs no second round trip. Sample mode, so that medians of single writes
 * can be compared on a busy machine.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class OutboxWriteBenchmark {
  /** {@code sqlite}, or {@code postgresql} for the server of {@code JSIGNALS_POSTGRES_URL}. */
  @Param({"sqlite", "postgresql"})
  public String database;

  private Path dir;
  private Handle plainHandle;
  private Handle durableHandle;
  private Handle atOnceHandle;
  private Handle floorHandle;
  private Handle oneTripHandle;
  private OrderDao plain;
  private OrderDao durable;
  private OrderDao atOnce;
  private OrderDao floor;
  private Handle shapedHandle;
  private OrderDao shaped;
  private Outbox outbox;
  private Outbox atOnceOutbox;
  private long next;

  @Setup(Level.Trial)
  public void open() throws IOException {
    dir = Files.createTempDirectory("jsignals-outbox-bench");
    Jdbi plainJdbi =
        OutboxDatabase.jdbi(OutboxDatabase.create(database, dir, "plain"), Signals.create());
    Signals signals = Signals.create();
    Jdbi durableJdbi =
        OutboxDatabase.jdbi(OutboxDatabase.create(database, dir, "durable"), signals);
    outbox = Outbox.builder(durableJdbi, signals).build();
    outbox.postSave(Order.class, "orders.mail", e -> {});
    Signals atOnceSignals = Signals.create();
    Jdbi atOnceJdbi =
        OutboxDatabase.jdbi(OutboxDatabase.create(database, dir, "atonce"), atOnceSignals);
    atOnceOutbox = Outbox.builder(atOnceJdbi, atOnceSignals).rowsWithCommit(false).build();
    atOnceOutbox.postSave(Order.class, "orders.mail", e -> {});
    Signals floorSignals = Signals.create();
    floorSignals
        .postSave()
        .connect(
            Order.class,
            e -> {
              // As the outbox writes its row: a statement prepared once on the connection.
              PreparedStatement second = secondRow(JdbiSignals.handle(e).getConnection());
              second.setString(1, "{\"id\":" + e.instance().getId() + "}");
              second.executeUpdate();
            });
    String floorUrl = OutboxDatabase.create(database, dir, "floor");
    Jdbi floorJdbi = OutboxDatabase.jdbi(floorUrl, floorSignals);
    String key = database.equals("sqlite") ? "INTEGER PRIMARY KEY" : "BIGSERIAL PRIMARY KEY";
    floorJdbi.useHandle(
        h -> h.execute("CREATE TABLE second_row (id " + key + ", payload TEXT NOT NULL)"));
    Signals shapedSignals = Signals.create();
    shapedSignals
        .postSave()
        .connect(
            Order.class,
            e -> {
              PreparedStatement row = shapedRow(JdbiSignals.handle(e).getConnection());
              row.setString(1, String.valueOf(e.instance().getId()));
              row.setString(2, "{\"id\":" + e.instance().getId() + "}");
              row.executeUpdate();
            });
    Jdbi shapedJdbi =
        OutboxDatabase.jdbi(OutboxDatabase.create(database, dir, "shaped"), shapedSignals);
    String shapedKey =
        database.equals("sqlite") ? "INTEGER PRIMARY KEY AUTOINCREMENT" : "BIGSERIAL PRIMARY KEY";
    shapedJdbi.useHandle(
        h -> {
          h.execute(
              "CREATE TABLE shaped_row (id "
                  + shapedKey
                  + ", model_key TEXT NOT NULL, seq BIGINT NOT NULL, next_at BIGINT NOT NULL,"
                  + " status TEXT NOT NULL, payload TEXT NOT NULL)");
          h.execute("CREATE INDEX shaped_row_key ON shaped_row (model_key, seq)");
          h.execute(
              "CREATE INDEX shaped_row_due ON shaped_row (next_at, id) WHERE status = 'pending'");
        });
    // One open connection per database, as a pool would give.
    plainHandle = plainJdbi.open();
    durableHandle = durableJdbi.open();
    atOnceHandle = atOnceJdbi.open();
    floorHandle = floorJdbi.open();
    oneTripHandle = OutboxDatabase.jdbi(floorUrl, Signals.create()).open();
    plain = plainHandle.attach(OrderDao.class);
    durable = durableHandle.attach(OrderDao.class);
    atOnce = atOnceHandle.attach(OrderDao.class);
    floor = floorHandle.attach(OrderDao.class);
    shapedHandle = shapedJdbi.open();
    shaped = shapedHandle.attach(OrderDao.class);
  }

  @TearDown(Level.Trial)
  public void close() throws IOException {
    plainHandle.close();
    durableHandle.close();
    atOnceHandle.close();
    floorHandle.close();
    shapedHandle.close();
    oneTripHandle.close();
    outbox.close();
    atOnceOutbox.close();
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  private Connection secondRowConnection;
  private PreparedStatement secondRow;

  /** The floor's second-row insert, prepared once per connection (the benchmark holds one). */
  private PreparedStatement secondRow(Connection connection) throws SQLException {
    if (connection != secondRowConnection) {
      secondRow = connection.prepareStatement("INSERT INTO second_row (payload) VALUES (?)");
      secondRowConnection = connection;
    }
    return secondRow;
  }

  private Connection shapedRowConnection;
  private PreparedStatement shapedRow;

  /** The second row of (e2), prepared once per connection. */
  private PreparedStatement shapedRow(Connection connection) throws SQLException {
    if (connection != shapedRowConnection) {
      shapedRow =
          connection.prepareStatement(
              "INSERT INTO shaped_row (model_key, seq, next_at, status, payload)"
                  + " VALUES (?, 1, 0, 'pending', ?)");
      shapedRowConnection = connection;
    }
    return shapedRow;
  }

  /** (a) The annotated insert, no receiver. */
  @Benchmark
  public long a_insertNoReceiver() {
    return plain.insert(new Order("soup" + next++));
  }

  /** (c) The annotated insert with one durable receiver: its outbox row in the same transaction. */
  @Benchmark
  public long c_insertOneDurableReceiver() {
    return durable.insert(new Order("soup" + next++));
  }

  /**
   * (c0) As (c), with the row inserted as it is recorded ({@code rowsWithCommit(false)}): on
   * PostgreSQL one round trip more than (c), which sends the row with the {@code COMMIT}; the same
   * as (c) on SQLite.
   */
  @Benchmark
  public long c0_insertOneDurableReceiverRowAtOnce() {
    return atOnce.insert(new Order("soup" + next++));
  }

  /**
   * Five durable inserts in one transaction, with the rows held and sent with the commit (a batch
   * of four, then the last with the {@code COMMIT}), or each inserted as it is recorded: for {@link
   * InterleavedWrites}.
   */
  long fiveInOneTransaction(boolean held) {
    Handle handle = held ? durableHandle : atOnceHandle;
    OrderDao orders = held ? durable : atOnce;
    return handle.inTransaction(
        h -> {
          long last = 0;
          for (int i = 0; i < 5; i++) {
            last = orders.insert(new Order("soup" + next++));
          }
          return last;
        });
  }

  /** (e) The floor: the same insert and one minimal second row in its transaction, through Jdbi. */
  @Benchmark
  public long e_insertAndSecondRow() {
    return floor.insert(new Order("soup" + next++));
  }

  /**
   * (e2) As (e), with the second row shaped as a row a relay can find: an id that is never reused
   * ({@code AUTOINCREMENT} on SQLite), an index by key and sequence (per-key order) and a partial
   * index by due time (the claim). What the database must write for a claimable row, with no
   * jsignals code on the path: the physical floor of (c).
   */
  @Benchmark
  public long e2_insertAndClaimableRow() {
    return shaped.insert(new Order("soup" + next++));
  }

  /**
   * (f) PostgreSQL: both rows in one statement, one round trip (a writable CTE). SQLite has no
   * round trips to save (it runs in the process) nor writable CTEs: there it writes both rows in
   * one transaction like (e), on its own handle.
   */
  @Benchmark
  public long f_bothRowsInOneRoundTrip() {
    String item = "soup" + next++;
    if (database.equals("sqlite")) {
      return oneTripHandle.inTransaction(
          h -> {
            long id =
                h.createUpdate("INSERT INTO orders (item) VALUES (:item)")
                    .bind("item", item)
                    .executeAndReturnGeneratedKeys("id")
                    .mapTo(Long.class)
                    .one();
            h.createUpdate("INSERT INTO second_row (payload) VALUES (:payload)")
                .bind("payload", "{\"id\":" + id + "}")
                .execute();
            return id;
          });
    }
    return oneTripHandle
        .createQuery(
            "WITH o AS (INSERT INTO orders (item) VALUES (:item) RETURNING id),"
                + " s AS (INSERT INTO second_row (payload) SELECT '{\"id\":' || id || '}' FROM o)"
                + " SELECT id FROM o")
        .bind("item", item)
        .mapTo(Long.class)
        .one();
  }
}
