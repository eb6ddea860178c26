package dev.jsignals.example.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jsignals.example.FoodApp;
import dev.jsignals.testsupport.ChildJvm;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A second JVM writing the database is killed with SIGKILL at a seeded random moment after it has
 * shown progress (lines it printed); after each kill the database, reopened, is consistent and the
 * import is all or nothing. The figures printed say where the kills landed.
 */
class CrashConsistencyTest {
  private static final int IMPORT_ROWS = 20_000;
  private static final int TRIALS = 3;

  @TempDir Path dir;

  private Process child(Path log, Class<?> main, String... args) throws IOException {
    return new ProcessBuilder(ChildJvm.command(main, args))
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
  }

  private static int run(Path db, String... args) {
    List<String> all = new ArrayList<>(List.of("--db", db.toString()));
    all.addAll(List.of(args));
    return FoodApp.run(
        all.toArray(String[]::new),
        new PrintWriter(new StringWriter()),
        new PrintWriter(new StringWriter()));
  }

  private static long count(Path db, String table) {
    return Jdbi.create("jdbc:sqlite:" + db)
        .withHandle(h -> h.createQuery("SELECT count(*) FROM " + table).mapTo(Long.class).one());
  }

  /**
   * Waits until the child has printed at least the given number of lines (observed progress, not
   * elapsed time), bounded by a generous deadline.
   */
  private static void awaitLines(Process process, Path log, long lines) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
    while (System.nanoTime() < deadline && process.isAlive()) {
      try (var stream = Files.lines(log)) {
        if (stream.limit(lines).count() >= lines) {
          return;
        }
      }
      process.waitFor(50, TimeUnit.MILLISECONDS);
    }
    assertThat(process.isAlive()).as("the child is alive and has printed %d lines", lines).isTrue();
    throw new AssertionError("the child printed fewer than " + lines + " lines in 240 s: " + log);
  }

  /** Kills the child after the delay, or lets it finish first; tells whether it was killed. */
  private static boolean killAfter(Process process, long delayMillis) throws InterruptedException {
    if (process.waitFor(delayMillis, TimeUnit.MILLISECONDS)) {
      return false;
    }
    process.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no cleanup
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return true;
  }

  @Test
  void importKilledAtRandomMomentsIsAllOrNothing() throws Exception {
    Path csv = dir.resolve("users.csv");
    StringBuilder rows = new StringBuilder();
    for (int i = 0; i < IMPORT_ROWS; i++) {
      rows.append("user").append(i).append(",user").append(i).append("@example.com\n");
    }
    Files.writeString(csv, rows);
    Random random = new Random(20261124L);
    int inside = 0;
    int afterCommit = 0;
    int finished = 0;
    for (int trial = 0; trial < TRIALS; trial++) {
      Path db = dir.resolve("import-" + trial + ".db");
      assertThat(run(db, "recipe-add", "soup")).as("a fresh, migrated database").isZero();
      Path log = dir.resolve("import-" + trial + ".log");
      // --verbose prints a line per signal sent: the import is under way once lines appear.
      Process process =
          child(
              log,
              FoodApp.class,
              "--verbose",
              "--db",
              db.toString(),
              "import-users",
              csv.toString());
      awaitLines(process, log, 200);
      boolean killed = killAfter(process, random.nextInt(3_000));

      long users = count(db, "users");
      assertThat(users).as("trial %d: all or nothing", trial).isIn(0L, (long) IMPORT_ROWS);
      assertThat(count(db, "profiles")).as("trial %d: a profile per user", trial).isEqualTo(users);
      assertThat(run(db, "check")).as("trial %d: check after the kill", trial).isZero();
      if (!killed) {
        finished++;
      } else if (users == 0) {
        inside++;
      } else {
        afterCommit++;
      }
    }
    System.out.printf(
        "import crash trials: %d (%d rows each); killed inside the import: %d, killed after its"
            + " commit: %d, finished before the kill: %d%n",
        TRIALS, IMPORT_ROWS, inside, afterCommit, finished);
    assertThat(inside).as("at least one kill landed inside the import").isPositive();
  }

  @Test
  void registrationsKilledAtRandomMomentsLeaveNoUserWithoutAProfile() throws Exception {
    Random random = new Random(42L);
    long total = 0;
    for (int trial = 0; trial < TRIALS; trial++) {
      Path db = dir.resolve("loop-" + trial + ".db");
      assertThat(run(db, "recipe-add", "soup")).isZero();
      Path log = dir.resolve("loop-" + trial + ".log");
      Process process = child(log, RegisterLoop.class, db.toString(), "t" + trial + "-", "100000");
      // Two lines per registration: the loop has registered three users at least.
      awaitLines(process, log, 6);
      assertThat(killAfter(process, random.nextInt(2_000)))
          .as("trial %d: the loop was still running when killed", trial)
          .isTrue();

      long users = count(db, "users");
      assertThat(users)
          .as("trial %d: users registered before the kill", trial)
          .isGreaterThanOrEqualTo(3);
      assertThat(count(db, "profiles")).as("trial %d", trial).isEqualTo(users);
      assertThat(run(db, "check")).as("trial %d: check after the kill", trial).isZero();
      total += users;
    }
    System.out.printf(
        "register-loop crash trials: %d, users registered before the kills: %d, users without a"
            + " profile: 0%n",
        TRIALS, total);
  }
}
