package dev.jsignals.benchmarks;

import dev.jsignals.core.Signals;
import dev.jsignals.jdbi.Inserts;
import dev.jsignals.jdbi.SignalsPlugin;
import dev.jsignals.jdbi.SqliteDataSources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
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
 * Inserting a user into a SQLite file: (a) a plain Jdbi DAO, (b) the same insert marked
 * {@code @Inserts} with no receiver connected, (c) that insert with a {@code post_save} receiver
 * that creates the profile, (d) hand-written Jdbi code doing the same two inserts in one
 * transaction.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class JdbiInsertBenchmark {

  /** A user. */
  public record User(long id, String username) {}

  /** (a) and (d): no signals. */
  public interface PlainDao {
    @SqlUpdate("INSERT INTO users (username) VALUES (:username)")
    @GetGeneratedKeys("id")
    long insert(@BindMethods User user);

    @SqlUpdate("INSERT INTO profiles (user_id, image) VALUES (:userId, 'default.jpg')")
    void insertProfile(long userId);
  }

  /** (b) and (c): the same insert, sending pre_save and post_save. */
  public interface SignalDao {
    @SqlUpdate("INSERT INTO users (username) VALUES (:username)")
    @GetGeneratedKeys("id")
    @Inserts(User.class)
    long insert(@BindMethods User user);
  }

  /**
   * {@code sqlite}, or {@code postgresql} for the server named by {@code JSIGNALS_POSTGRES_URL}.
   */
  @Param({"sqlite", "postgresql"})
  public String database;

  private Path dir;
  private Jdbi quiet;
  private Jdbi withProfiles;
  private org.jdbi.v3.core.Handle quietHandle;
  private org.jdbi.v3.core.Handle profilesHandle;
  private PlainDao plain;
  private SignalDao noReceivers;
  private SignalDao profileReceiver;
  private long next;

  @Setup(Level.Trial)
  public void open() throws IOException {
    dir = Files.createTempDirectory("jsignals-jdbi-bench");
    quiet = open("quiet", Signals.create());
    Signals signals = Signals.create();
    signals
        .postSave()
        .connect(User.class, e -> e.attach(PlainDao.class).insertProfile(e.instance().id()));
    withProfiles = open("profiles", signals);
    // One open connection per database, as a connection pool would give: the benchmark measures
    // the write and its signals, not opening SQLite files.
    quietHandle = quiet.open();
    profilesHandle = withProfiles.open();
    plain = quietHandle.attach(PlainDao.class);
    noReceivers = quietHandle.attach(SignalDao.class);
    profileReceiver = profilesHandle.attach(SignalDao.class);
  }

  private Jdbi open(String name, Signals signals) {
    Jdbi jdbi;
    String key;
    if (database.equals("sqlite")) {
      jdbi = Jdbi.create(SqliteDataSources.file(dir.resolve(name + ".db")));
      key = "INTEGER";
    } else {
      String server = System.getenv("JSIGNALS_POSTGRES_URL");
      if (server == null) {
        throw new IllegalStateException(
            "set JSIGNALS_POSTGRES_URL to a JDBC URL, or pass -p database=sqlite");
      }
      String schema = "bench_" + name + "_" + System.nanoTime();
      Jdbi.create(server).useHandle(h -> h.execute("CREATE SCHEMA " + schema));
      jdbi = Jdbi.create(server + "&currentSchema=" + schema);
      key = "BIGSERIAL";
    }
    jdbi.installPlugin(new SqlObjectPlugin()).installPlugin(new SignalsPlugin(signals));
    String serial = key;
    jdbi.useHandle(
        h -> {
          h.execute("CREATE TABLE users (id " + serial + " PRIMARY KEY, username TEXT NOT NULL)");
          h.execute(
              "CREATE TABLE profiles (id "
                  + serial
                  + " PRIMARY KEY, user_id BIGINT NOT NULL REFERENCES users (id), image TEXT NOT"
                  + " NULL)");
        });
    return jdbi;
  }

  @TearDown(Level.Trial)
  public void delete() throws IOException {
    quietHandle.close();
    profilesHandle.close();
    try (var paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  private User user() {
    return new User(0, "user" + next++);
  }

  /** (a) A plain Jdbi DAO insert. */
  @Benchmark
  public long a_plainDaoInsert() {
    return plain.insert(user());
  }

  /** (b) The same insert marked {@code @Inserts}, no receivers connected. */
  @Benchmark
  public long b_annotatedInsertNoReceivers() {
    return noReceivers.insert(user());
  }

  /** (c) The annotated insert whose post_save receiver inserts the profile. */
  @Benchmark
  public long c_annotatedInsertWithProfileReceiver() {
    return profileReceiver.insert(user());
  }

  /** (d) Hand-written: both inserts in one transaction. */
  @Benchmark
  public long d_handWrittenTwoInserts() {
    User user = user();
    return profilesHandle.inTransaction(
        h -> {
          PlainDao dao = h.attach(PlainDao.class);
          long id = dao.insert(user);
          dao.insertProfile(id);
          return id;
        });
  }
}
