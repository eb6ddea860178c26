package dev.jsignals.example.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jsignals.example.FoodApp;
import dev.jsignals.jdbi.SqliteDataSources;
import dev.jsignals.testsupport.ChildJvm;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Four processes and eight threads register, favour and delete users on one SQLite file at once:
 * every operation succeeds or is refused with a clear message, no SQLITE_BUSY reaches a user, and
 * the counts add up. Commands sharing a process leave each other's SQLite locks in place.
 */
class ManyWritersTest {
  private static final int PROCESSES = 4;
  private static final int PER_PROCESS = 25;
  private static final int THREADS = 8;
  private static final int PER_THREAD = 15;

  @TempDir Path dir;

  private record Outcome(int code, String err) {}

  private static Outcome run(Path db, String... args) {
    StringWriter err = new StringWriter();
    List<String> all = new ArrayList<>(List.of("--db", db.toString()));
    all.addAll(List.of(args));
    int code =
        FoodApp.run(
            all.toArray(String[]::new), new PrintWriter(new StringWriter()), new PrintWriter(err));
    return new Outcome(code, err.toString());
  }

  private static long count(Jdbi jdbi, String sql) {
    return jdbi.withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
  }

  /**
   * SQLite's locks are POSIX locks, which belong to the process: closing any descriptor of the
   * database file, even one opened only to read its first bytes, drops the locks of every
   * connection the process has open on it, and other processes then believe no one is reading
   * (SQLite's "how to corrupt", section 2.2). A command must leave the file to SQLite alone, since
   * commands of one process may run beside each other, as the threads of this suite do.
   */
  @Test
  void commandKeepsTheLocksOfTheOtherConnectionsOfItsProcess() throws Exception {
    Path db = dir.resolve("food.db");
    assertThat(run(db, "recipe-add", "soup").code()).isZero();
    try (Connection held = SqliteDataSources.file(db).getConnection();
        Statement statement = held.createStatement()) {
      statement.executeQuery("SELECT count(*) FROM recipes").close();
      assertThat(probe(db)).as("before the command").isEqualTo("held");

      for (String command : List.of("recipes", "check")) {
        assertThat(run(db, command).code()).as(command).isZero();
        assertThat(probe(db)).as("after " + command).isEqualTo("held");
      }
      assertThat(run(db, "register", "ada", "ada@example.com").code()).isZero();
      assertThat(probe(db)).as("after register").isEqualTo("held");
    }
  }

  /** Whether another process sees SQLite's shared lock on the file. */
  private static String probe(Path db) throws Exception {
    Process process =
        new ProcessBuilder(ChildJvm.command(LockProbe.class, db.toString()))
            .redirectErrorStream(true)
            .start();
    String output =
        new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertThat(process.waitFor(300, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    return output;
  }

  @Test
  void processesAndThreadsWritingAtOnceLoseNothing() throws Exception {
    Path db = dir.resolve("food.db");
    assertThat(run(db, "recipe-add", "soup").code()).isZero();
    assertThat(run(db, "recipe-add", "cake").code()).isZero();
    List<Process> processes = new ArrayList<>();
    List<Path> logs = new ArrayList<>();
    for (int p = 0; p < PROCESSES; p++) {
      Path log = dir.resolve("process-" + p + ".log");
      logs.add(log);
      processes.add(
          new ProcessBuilder(
                  ChildJvm.command(
                      RegisterLoop.class,
                      db.toString(),
                      "p" + p + "-",
                      Integer.toString(PER_PROCESS)))
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start());
    }
    CyclicBarrier start = new CyclicBarrier(THREADS);
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    List<Future<List<Outcome>>> threads = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      String prefix = "t" + t + "-";
      threads.add(
          pool.submit(
              () -> {
                start.await(60, TimeUnit.SECONDS);
                List<Outcome> outcomes = new ArrayList<>();
                for (int i = 0; i < PER_THREAD; i++) {
                  String name = prefix + i;
                  outcomes.add(run(db, "register", name, name + "@example.com"));
                  outcomes.add(run(db, "favorite", name, "soup", "cake"));
                  if (i % 3 == 0) {
                    outcomes.add(run(db, "delete", name));
                  }
                }
                return outcomes;
              }));
    }
    List<Outcome> outcomes = new ArrayList<>();
    try {
      for (Future<List<Outcome>> thread : threads) {
        outcomes.addAll(thread.get(300, TimeUnit.SECONDS));
      }
    } finally {
      pool.shutdownNow();
    }
    for (int p = 0; p < PROCESSES; p++) {
      assertThat(processes.get(p).waitFor(300, TimeUnit.SECONDS)).isTrue();
      String log = Files.readString(logs.get(p));
      assertThat(processes.get(p).exitValue()).as("process %d: %s", p, log).isZero();
      assertThat(log).doesNotContain("SQLITE_BUSY").doesNotContain("Exception");
    }
    assertThat(outcomes).allSatisfy(o -> assertThat(o.code()).as(o.err()).isZero());

    int deleted = THREADS * ((PER_THREAD + 2) / 3);
    long users = PROCESSES * PER_PROCESS + THREADS * PER_THREAD - deleted;
    long favourites = 2L * (THREADS * PER_THREAD - deleted);
    Jdbi jdbi = Jdbi.create("jdbc:sqlite:" + db);
    List<String> expected = new ArrayList<>();
    for (int p = 0; p < PROCESSES; p++) {
      for (int i = 0; i < PER_PROCESS; i++) {
        expected.add("p" + p + "-" + i);
      }
    }
    for (int t = 0; t < THREADS; t++) {
      for (int i = 0; i < PER_THREAD; i++) {
        if (i % 3 != 0) {
          expected.add("t" + t + "-" + i);
        }
      }
    }
    // By name, so that a failure says which user is missing or left over.
    List<String> names =
        jdbi.withHandle(
            h -> h.createQuery("SELECT username FROM users").mapTo(String.class).list());
    assertThat(names).containsExactlyInAnyOrderElementsOf(expected).hasSize((int) users);
    assertThat(count(jdbi, "SELECT count(*) FROM profiles")).isEqualTo(users);
    assertThat(count(jdbi, "SELECT sum(favorites_count) FROM recipes")).isEqualTo(favourites);
    assertThat(run(db, "check").code()).isZero();
    System.out.printf(
        "many writers: %d processes x %d registrations, %d threads x %d users, %d operations,"
            + " %d users and %d favourites at the end%n",
        PROCESSES,
        PER_PROCESS,
        THREADS,
        PER_THREAD,
        outcomes.size() + PROCESSES * PER_PROCESS,
        users,
        favourites);
  }
}
