package dev.jsignals.example.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jsignals.example.FoodApp;
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
 * A second JVM writing the database is killed with SIGKILL at seeded random moments; after each
 * kill the database, reopened, is consistent and the import is all or nothing.
 */
class CrashConsistencyTest {
  private static final int IMPORT_ROWS = 20_000;
  private static final int TRIALS = 3;

  @TempDir Path dir;

  private Process child(Class<?> main, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(main.getName());
    command.addAll(List.of(args));
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("child-" + System.nanoTime() + ".log").toFile())
        .start();
  }

  private static int check(Path db) {
    return FoodApp.run(
        new String[] {"--db", db.toString(), "check"},
        new PrintWriter(new StringWriter()),
        new PrintWriter(new StringWriter()));
  }

  private static long count(Path db, String table) {
    return Jdbi.create("jdbc:sqlite:" + db)
        .withHandle(h -> h.createQuery("SELECT count(*) FROM " + table).mapTo(Long.class).one());
  }

  /** Kills the child after the delay, or lets it finish first; tells whether it was killed. */
  private static boolean killAfter(Process process, long delayMillis) throws InterruptedException {
    if (process.waitFor(delayMillis, TimeUnit.MILLISECONDS)) {
      return false;
    }
    process.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no cleanup
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
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
    int killedMidway = 0;
    for (int trial = 0; trial < TRIALS; trial++) {
      Path db = dir.resolve("import-" + trial + ".db");
      assertThat(check(db)).as("a fresh, migrated database").isZero();
      Process process = child(FoodApp.class, "--db", db.toString(), "import-users", csv.toString());
      boolean killed = killAfter(process, 800 + random.nextInt(2_500));

      long users = count(db, "users");
      assertThat(users).as("trial %d: all or nothing", trial).isIn(0L, (long) IMPORT_ROWS);
      assertThat(count(db, "profiles")).as("trial %d: a profile per user", trial).isEqualTo(users);
      assertThat(check(db)).as("trial %d: check after the kill", trial).isZero();
      if (killed && users == 0) {
        killedMidway++;
      }
    }
    System.out.printf(
        "import crash trials: %d, killed inside the import: %d, rows per import: %d%n",
        TRIALS, killedMidway, IMPORT_ROWS);
    assertThat(killedMidway).as("at least one kill landed inside the import").isPositive();
  }

  @Test
  void registrationsKilledAtRandomMomentsLeaveNoUserWithoutAProfile() throws Exception {
    Random random = new Random(42L);
    long total = 0;
    for (int trial = 0; trial < TRIALS; trial++) {
      Path db = dir.resolve("loop-" + trial + ".db");
      assertThat(check(db)).isZero();
      Process process = child(RegisterLoop.class, db.toString(), "t" + trial + "-", "100000");
      assertThat(killAfter(process, 1_500 + random.nextInt(2_000)))
          .as("trial %d: the loop was still running when killed", trial)
          .isTrue();

      long users = count(db, "users");
      assertThat(count(db, "profiles")).as("trial %d", trial).isEqualTo(users);
      assertThat(check(db)).as("trial %d: check after the kill", trial).isZero();
      total += users;
    }
    System.out.printf(
        "register-loop crash trials: %d, users registered before the kills: %d%n", TRIALS, total);
    assertThat(total).as("the loops registered users before being killed").isPositive();
  }
}
