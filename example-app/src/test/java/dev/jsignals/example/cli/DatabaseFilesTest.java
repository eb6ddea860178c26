package dev.jsignals.example.cli;

import static dev.jsignals.example.cli.Cli.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jsignals.example.cli.Cli.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The files the program creates, refuses and leaves alone. */
class DatabaseFilesTest {
  @TempDir Path dir;

  private static String journalMode(Path db) {
    return Jdbi.create("jdbc:sqlite:" + db)
        .withHandle(h -> h.createQuery("PRAGMA journal_mode").mapTo(String.class).one());
  }

  @Test
  void databaseOfAnotherProgramIsRefusedAndStaysByteForByteUnchanged() throws Exception {
    Path other = dir.resolve("other.db");
    Jdbi.create("jdbc:sqlite:" + other)
        .useHandle(
            h -> {
              h.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)");
              h.execute("INSERT INTO invoices (total) VALUES (12.5)");
            });
    byte[] before = Files.readAllBytes(other);

    for (String command : List.of("register", "users", "check")) {
      Result result =
          command.equals("register")
              ? run("--db", other.toString(), "register", "ada", "ada@example.com")
              : run("--db", other.toString(), command);
      assertThat(result.code()).as(command).isEqualTo(1);
      assertThat(result.errLines())
          .as(command)
          .singleElement()
          .asString()
          .contains("holds tables of another program (invoices)");
    }

    assertThat(Files.readAllBytes(other)).isEqualTo(before);
    assertThat(journalMode(other)).isEqualTo("delete");
    assertThat(dir.resolve("other.db-wal")).doesNotExist();
  }

  @Test
  void devNullIsRefusedAndLeavesNothingBehind() {
    Result result = run("--db", "/dev/null", "register", "ada", "ada@example.com");

    assertThat(result.code()).isEqualTo(1);
    assertThat(result.errLines())
        .containsExactly("error: database path /dev/null is not a regular file");
    assertThat(Path.of("/dev/null-journal")).doesNotExist();
    assertThat(Path.of("/dev/null-wal")).doesNotExist();
  }

  @Test
  void readOnlyCommandsNeverCreateADatabase() {
    Path missing = dir.resolve("typo.db");
    for (String[] command :
        List.of(
            new String[] {"users"},
            new String[] {"check"},
            new String[] {"recipes"},
            new String[] {"show", "ada"})) {
      List<String> args = new ArrayList<>(List.of("--db", missing.toString()));
      args.addAll(List.of(command));
      Result result = run(args.toArray(String[]::new));
      assertThat(result.code()).as(command[0]).isEqualTo(2);
      assertThat(result.errLines())
          .as(command[0])
          .containsExactly(
              "error: there is no database at "
                  + missing
                  + " (commands that write, such as register or recipe-add, create it)");
    }
    assertThat(dir).isEmptyDirectory();
  }

  @Test
  void newDatabaseFilesAreReadableByTheOwnerOnly() throws Exception {
    Path db = dir.resolve("food.db");

    assertThat(run("--db", db.toString(), "register", "ada", "ada@example.com").code()).isZero();

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(db)))
        .isEqualTo("rw-------");
  }

  @Test
  void sqliteUrlGetsTheSettingsOfDbPath() throws Exception {
    Path db = dir.resolve("food.db");
    String url = "jdbc:sqlite:" + db;
    assertThat(run("--db-url", url, "recipe-add", "soup").code()).isZero();
    assertThat(journalMode(db)).isEqualTo("wal");

    ExecutorService pool = Executors.newFixedThreadPool(6);
    List<Future<Result>> registrations = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      String name = "user" + i;
      registrations.add(
          pool.submit(() -> run("--db-url", url, "register", name, name + "@example.com")));
    }
    try {
      for (Future<Result> registration : registrations) {
        Result result = registration.get(300, TimeUnit.SECONDS);
        assertThat(result.code()).as(result.err()).isZero();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(run("--db-url", url, "check").out()).contains("Users: 6").contains("Consistent");
  }

  @Test
  void inMemoryUrlIsRefusedWithOneLine() {
    Result result = run("--db-url", "jdbc:sqlite::memory:", "register", "ada", "ada@example.com");

    assertThat(result.code()).isEqualTo(1);
    assertThat(result.errLines())
        .singleElement()
        .asString()
        .startsWith("error: an in-memory SQLite database (jdbc:sqlite::memory:) is gone");
  }

  @Test
  void dbTogetherWithDbUrlIsAUsageError() {
    Path a = dir.resolve("a.db");
    Path b = dir.resolve("b.db");

    Result result =
        run("--db", a.toString(), "--db-url", "jdbc:sqlite:" + b, "register", "ada", "a@b.cd");

    assertThat(result.code()).isEqualTo(2);
    assertThat(result.err()).startsWith("error: give --db or --db-url, not both");
    assertThat(dir).isEmptyDirectory();
  }
}
