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
 * The cost of a durable receiver to the write: the same annotated insert with no receiver (a bare
 * auto-commit statement: signals-jdbi opens no transaction when nothing listens), with one
 * in-process receiver that does nothing (the write becomes a transaction, so the receiver runs
 * atomically with it), and with one durable receiver (its outbox row written in that transaction).
 * No relay runs: the rows stay, as they would between two relay passes. Sample mode, so that the
 * medians of single writes can be compared on a busy machine.
 *
 * <p>Two floors beside them, in plain JDBC on prepared statements held open: the same insert in
 * auto-commit, and the same insert with one minimal second row (an id and a text column, no index)
 * in one transaction, which is the least any transactional outbox must write. Their ratio bounds
 * from below what a durable receiver can cost.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class OutboxWriteBenchmark {
  private static final String INSERT_ORDER = "INSERT INTO orders (item) VALUES (?)";

  /** {@code sqlite}, or {@code postgresql} for the server of {@code JSIGNALS_POSTGRES_URL}. */
  @Param({"sqlite", "postgresql"})
  public String database;

  private Path dir;
  private Handle plainHandle;
  private Handle inProcessHandle;
  private Handle durableHandle;
  private OrderDao plain;
  private OrderDao inProcess;
  private OrderDao durable;
  private Outbox outbox;
  private Handle floorAutoHandle;
  private Handle floorTxHandle;
  private PreparedStatement floorInsert;
  private PreparedStatement floorTxInsert;
  private PreparedStatement floorSecondRow;
  private long next;

  @Setup(Level.Trial)
  public void open() throws IOException, SQLException {
    dir = Files.createTempDirectory("jsignals-outbox-bench");
    Jdbi plainJdbi =
        OutboxDatabase.jdbi(OutboxDatabase.create(database, dir, "plain"), Signals.create());
    Signals inProcessSignals = Signals.create();
    inProcessSignals.postSave().connect(Order.class, e -> {});
    Jdbi inProcessJdbi =
        OutboxDatabase.jdbi(OutboxDatabase.create(database, dir, "inprocess"), inProcessSignals);
    Signals signals = Signals.create();
    Jdbi durableJdbi =
        OutboxDatabase.jdbi(OutboxDatabase.create(database, dir, "durable"), signals);
    outbox = Outbox.builder(durableJdbi, signals).build();
    outbox.postSave(Order.class, "orders.mail", e -> {});
    // One open connection per database, as a pool would give.
    plainHandle = plainJdbi.open();
    inProcessHandle = inProcessJdbi.open();
    durableHandle = durableJdbi.open();
    plain = plainHandle.attach(OrderDao.class);
    inProcess = inProcessHandle.attach(OrderDao.class);
    durable = durableHandle.attach(OrderDao.class);
    // Two databases: on SQLite an open transaction holds the write lock of its file.
    floorAutoHandle =
        OutboxDatabase.jdbi(OutboxDatabase.create(database, dir, "floor"), Signals.create()).open();
    String key = database.equals("sqlite") ? "INTEGER PRIMARY KEY" : "BIGSERIAL PRIMARY KEY";
    floorTxHandle =
        OutboxDatabase.jdbi(OutboxDatabase.create(database, dir, "floortx"), Signals.create())
            .open();
    floorTxHandle.execute("CREATE TABLE second_row (id " + key + ", payload TEXT NOT NULL)");
    Connection auto = floorAutoHandle.getConnection();
    Connection tx = floorTxHandle.getConnection();
    tx.setAutoCommit(false);
    floorInsert = auto.prepareStatement(INSERT_ORDER, new String[] {"id"});
    floorTxInsert = tx.prepareStatement(INSERT_ORDER, new String[] {"id"});
    floorSecondRow = tx.prepareStatement("INSERT INTO second_row (payload) VALUES (?)");
  }

  @TearDown(Level.Trial)
  public void close() throws IOException, SQLException {
    plainHandle.close();
    inProcessHandle.close();
    durableHandle.close();
    floorAutoHandle.close();
    floorTxHandle.getConnection().setAutoCommit(true);
    floorTxHandle.close();
    outbox.close();
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /** The annotated insert, no receiver. */
  @Benchmark
  public long a_insertNoReceiver() {
    return plain.insert(new Order("soup" + next++));
  }

  /** The annotated insert with one in-process receiver that does nothing: now a transaction. */
  @Benchmark
  public long b_insertOneInProcessReceiver() {
    return inProcess.insert(new Order("soup" + next++));
  }

  /** The annotated insert with one durable receiver: its outbox row in the same transaction. */
  @Benchmark
  public long c_insertOneDurableReceiver() {
    return durable.insert(new Order("soup" + next++));
  }

  /** Floor: the same insert in plain JDBC, auto-commit. */
  @Benchmark
  public long d_jdbcInsert() throws SQLException {
    return insertOrder(floorInsert);
  }

  /** Floor: the same insert and one minimal second row in one plain JDBC transaction. */
  @Benchmark
  public long e_jdbcInsertAndSecondRow() throws SQLException {
    long id = insertOrder(floorTxInsert);
    floorSecondRow.setString(1, "{\"id\":" + id + "}");
    floorSecondRow.executeUpdate();
    floorTxInsert.getConnection().commit();
    return id;
  }

  private long insertOrder(PreparedStatement insert) throws SQLException {
    insert.setString(1, "soup" + next++);
    insert.executeUpdate();
    try (ResultSet keys = insert.getGeneratedKeys()) {
      keys.next();
      return keys.getLong(1);
    }
  }
}
