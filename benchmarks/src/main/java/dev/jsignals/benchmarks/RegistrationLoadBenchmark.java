package dev.jsignals.benchmarks;

import dev.jsignals.benchmarks.JdbiInsertBenchmark.PlainDao;
import dev.jsignals.benchmarks.JdbiInsertBenchmark.SignalDao;
import dev.jsignals.benchmarks.JdbiInsertBenchmark.User;
import dev.jsignals.core.Signals;
import dev.jsignals.jdbi.SignalsPlugin;
import dev.jsignals.jdbi.SqliteDataSources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Load: 100,000 registrations, each its own transaction, into a fresh SQLite file: through the
 * library (an {@code @Inserts} DAO whose {@code post_save} receiver creates the profile) beside
 * plain Jdbi inserts of the same rows (user and profile, one transaction each).
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(1)
@State(Scope.Benchmark)
public class RegistrationLoadBenchmark {
  static final int REGISTRATIONS = 100_000;

  private Path dir;
  private Handle handle;

  @Setup(Level.Iteration)
  public void freshDatabase() throws IOException {
    dir = Files.createTempDirectory("jsignals-load");
    Signals signals = Signals.create();
    signals
        .postSave()
        .connect(User.class, e -> e.attach(PlainDao.class).insertProfile(e.instance().id()));
    Jdbi jdbi =
        Jdbi.create(SqliteDataSources.file(dir.resolve("load.db")))
            .installPlugin(new SqlObjectPlugin())
            .installPlugin(new SignalsPlugin(signals));
    handle = jdbi.open();
    handle.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, username TEXT NOT NULL)");
    handle.execute(
        "CREATE TABLE profiles (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES"
            + " users (id), image TEXT NOT NULL)");
  }

  @TearDown(Level.Iteration)
  public void deleteDatabase() throws IOException {
    handle.close();
    try (var paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /** Through the library: the receiver creates each profile. */
  @Benchmark
  public long signalsRegistrations() {
    SignalDao users = handle.attach(SignalDao.class);
    long last = 0;
    for (int i = 0; i < REGISTRATIONS; i++) {
      last = users.insert(new User(0, "user" + i));
    }
    return checked(last);
  }

  /** Plain Jdbi: both inserts by hand, one transaction per registration. */
  @Benchmark
  public long plainJdbiRegistrations() {
    long last = 0;
    for (int i = 0; i < REGISTRATIONS; i++) {
      User user = new User(0, "user" + i);
      last =
          handle.inTransaction(
              h -> {
                PlainDao dao = h.attach(PlainDao.class);
                long id = dao.insert(user);
                dao.insertProfile(id);
                return id;
              });
    }
    return checked(last);
  }

  private long checked(long last) {
    long profiles = handle.createQuery("SELECT count(*) FROM profiles").mapTo(Long.class).one();
    if (profiles != REGISTRATIONS) {
      throw new IllegalStateException(profiles + " profiles for " + REGISTRATIONS + " users");
    }
    return last;
  }
}
