package dev.jsignals.example.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jsignals.example.FoodApp;
import dev.jsignals.testsupport.ChildJvm;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Faults the program meets: each leaves the database as it was and gives one clear error. */
class FaultsTest {
  @TempDir Path dir;

  private record Outcome(int code, String err) {}

  private Outcome run(Path db, String... args) {
    StringWriter err = new StringWriter();
    List<String> all = new ArrayList<>(List.of("--db", db.toString()));
    all.addAll(List.of(args));
    int code =
        FoodApp.run(
            all.toArray(String[]::new), new PrintWriter(new StringWriter()), new PrintWriter(err));
    return new Outcome(code, err.toString());
  }

  private static long users(Path db) {
    return Jdbi.create("jdbc:sqlite:" + db)
        .withHandle(h -> h.createQuery("SELECT count(*) FROM users").mapTo(Long.class).one());
  }

  @Test
  void fileThatIsNotSqliteIsRefusedAndLeftAlone() throws Exception {
    Path notes = Files.writeString(dir.resolve("notes.db"), "these are not the tables you want\n");

    for (String[] command :
        List.of(new String[] {"users"}, new String[] {"register", "ada", "ada@example.com"})) {
      Outcome outcome = run(notes, command);

      assertThat(outcome.code()).as(command[0]).isEqualTo(1);
      assertThat(outcome.err().lines())
          .as(command[0])
          .containsExactly(
              "error: cannot open the database " + notes + ": it is not a SQLite file");
    }
    assertThat(Files.readString(notes)).isEqualTo("these are not the tables you want\n");
    try (var files = Files.list(dir)) {
      assertThat(files)
          .as("no journal, WAL or shared-memory file beside it")
          .containsExactly(notes);
    }
  }

  @Test
  void databaseOfANewerSchemaIsRefused() {
    Path db = dir.resolve("food.db");
    assertThat(run(db, "register", "ada", "ada@example.com").code()).isZero();
    Jdbi.create("jdbc:sqlite:" + db)
        .useHandle(
            h ->
                h.execute(
                    "INSERT INTO flyway_schema_history (installed_rank, version, description,"
                        + " type, script, checksum, installed_by, execution_time, success) VALUES"
                        + " (99, '99', 'from the future', 'SQL', 'V99__future.sql', 0, 'test', 0,"
                        + " 1)"));

    Outcome outcome = run(db, "register", "bob", "bob@example.com");

    assertThat(outcome.code()).isEqualTo(1);
    assertThat(outcome.err()).startsWith("error: cannot open the database").contains("99");
    assertThat(users(db)).isOne();
  }

  @Test
  void readersPassAWriterAndAWriterLockedOutPastItsDeadlineGetsOneLine() throws Exception {
    Path db = dir.resolve("food.db");
    assertThat(run(db, "recipe-add", "soup").code()).isZero();
    Process holder =
        new ProcessBuilder(ChildJvm.command(HoldLock.class, db.toString(), "300000"))
            .redirectErrorStream(true)
            .start();
    try {
      BufferedReader output =
          new BufferedReader(
              new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
      assertThat(output.readLine()).isEqualTo("locked");

      for (String[] reader :
          List.of(
              new String[] {"users"},
              new String[] {"recipes"},
              new String[] {"check"},
              new String[] {"signals"})) {
        Outcome read = run(db, "--lock-timeout", "1", reader[0]);
        assertThat(read.code()).as("%s while a writer holds the lock", reader[0]).isZero();
        assertThat(read.err()).as(reader[0]).isEmpty();
      }

      Outcome outcome = run(db, "--lock-timeout", "2", "register", "ada", "ada@example.com");

      assertThat(outcome.code()).isEqualTo(1);
      assertThat(outcome.err().lines())
          .containsExactly(
              "error: the database is locked by another process (waited 2 s, see"
                  + " --lock-timeout); nothing was written, try again");
    } finally {
      holder.destroyForcibly();
      assertThat(holder.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(users(db)).isZero();
  }

  @Test
  void databasePathThatIsADirectoryIsRefused() throws Exception {
    Path folder = Files.createDirectories(dir.resolve("folder.db"));
    StringWriter err = new StringWriter();
    int code =
        FoodApp.run(
            new String[] {"--db", folder.toString(), "users"},
            new PrintWriter(new StringWriter()),
            new PrintWriter(err));
    assertThat(code).isEqualTo(1);
    assertThat(err.toString()).contains("is a directory");
  }

  /** Makes a file or folder unwritable, even for root (whom permissions do not stop). */
  private static void readOnly(Path path, boolean readOnly) throws Exception {
    if (System.getProperty("user.name").equals("root")) {
      Process chattr =
          new ProcessBuilder("chattr", readOnly ? "+i" : "-i", path.toString()).start();
      assertThat(chattr.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(chattr.exitValue()).as("chattr on %s", path).isZero();
    } else {
      assertThat(path.toFile().setWritable(!readOnly, false)).isTrue();
    }
  }

  @Test
  void readOnlyDatabaseFileIsReportedAndLeftAsItWas() throws Exception {
    Path db = dir.resolve("food.db");
    assertThat(run(db, "register", "ada", "ada@example.com").code()).isZero();
    byte[] before = Files.readAllBytes(db);
    readOnly(db, true);
    try {
      Outcome outcome = run(db, "register", "bob", "bob@example.com");

      assertThat(outcome.code()).isEqualTo(1);
      assertThat(outcome.err().lines())
          .singleElement()
          .asString()
          .startsWith("error: ")
          .contains("read-only")
          .doesNotContain("Exception");
    } finally {
      readOnly(db, false);
    }
    assertThat(Files.readAllBytes(db)).isEqualTo(before);
    assertThat(users(db)).isOne();
  }

  @Test
  void databaseInAReadOnlyFolderIsRefusedWithOneLine() throws Exception {
    Path folder = Files.createDirectories(dir.resolve("locked"));
    readOnly(folder, true);
    try {
      Outcome outcome = run(folder.resolve("food.db"), "register", "ada", "ada@example.com");

      assertThat(outcome.code()).isEqualTo(1);
      assertThat(outcome.err().lines()).singleElement().asString().startsWith("error: ");
    } finally {
      readOnly(folder, false);
    }
    try (var files = Files.list(folder)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void receiverThatThrowsMidwayThroughAnImportLeavesTheDatabaseAsItWas() throws Exception {
    Path db = dir.resolve("food.db");
    assertThat(run(db, "register", "ada", "ada@example.com").code()).isZero();
    Path csv = dir.resolve("users.csv");
    StringBuilder rows = new StringBuilder();
    for (int i = 1; i <= 6_000; i++) {
      rows.append("user").append(i).append(",u").append(i).append("@example.com\n");
    }
    Files.writeString(csv, rows);
    FailingReceiver.COUNTDOWN.set(5_000);
    Outcome outcome;
    try {
      outcome = run(db, "import-users", csv.toString());
    } finally {
      FailingReceiver.COUNTDOWN.set(0);
    }

    assertThat(outcome.code()).isEqualTo(1);
    assertThat(outcome.err().lines())
        .singleElement()
        .asString()
        .contains("receiver failed on purpose at user user5000");
    assertThat(users(db)).as("only the user registered before the import").isOne();
    assertThat(run(db, "check").code()).isZero();
  }

  @Test
  void importThatOutgrowsTheFileSizeLimitGivesOneLineAndWritesNothing() throws Exception {
    Path db = dir.resolve("food.db");
    assertThat(run(db, "register", "ada", "ada@example.com").code()).isZero();
    Path csv = dir.resolve("users.csv");
    StringBuilder rows = new StringBuilder();
    for (int i = 1; i <= 30_000; i++) {
      rows.append("user").append(i).append(",u").append(i).append("@example.com\n");
    }
    Files.writeString(csv, rows);
    // The driver's native library, unpacked beforehand: the child could not write it under the
    // limit.
    Path lib = Files.createDirectories(dir.resolve("lib"));
    String resource =
        "/org/sqlite/native/"
            + org.sqlite.util.OSInfo.getNativeLibFolderPathForCurrentOS()
            + "/libsqlitejdbc.so";
    try (var in = org.sqlite.SQLiteJDBCLoader.class.getResourceAsStream(resource)) {
      assertThat(in).as(resource).isNotNull();
      Files.copy(in, lib.resolve("libsqlitejdbc.so"));
    }
    Path out = dir.resolve("out.log");
    Path err = dir.resolve("err.log");
    // A 1 MiB file-size limit (RLIMIT_FSIZE) for the child: its write-ahead log outgrows it, as
    // on a full disk. The JVM ignores SIGXFSZ, so the write fails with EFBIG.
    List<String> command =
        new ArrayList<>(List.of("bash", "-c", "ulimit -f 1024 && exec \"$@\"", "bash"));
    command.addAll(
        ChildJvm.java(
            "-XX:-UsePerfData",
            "-Dorg.sqlite.lib.path=" + lib,
            "-Dorg.sqlite.lib.name=libsqlitejdbc.so"));
    command.addAll(
        List.of(FoodApp.class.getName(), "--db", db.toString(), "import-users", csv.toString()));
    Process child =
        new ProcessBuilder(command)
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    assertThat(child.waitFor(300, TimeUnit.SECONDS)).isTrue();

    assertThat(child.exitValue()).isEqualTo(1);
    assertThat(Files.readString(out)).isEmpty();
    assertThat(Files.readAllLines(err))
        .singleElement()
        .asString()
        .matches(
            "error: the (disk is full|database file could not be written).*nothing was written");
    assertThat(users(db)).isOne();
    assertThat(run(db, "check").code()).isZero();
  }
}
