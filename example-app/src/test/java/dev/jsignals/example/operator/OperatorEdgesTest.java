package dev.jsignals.example.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jsignals.example.operator.CliProcess.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The smaller edges an operator meets: each gives the right text, and only that. */
class OperatorEdgesTest {
  private static final String NOWHERE = "jdbc:postgresql://127.0.0.1:1/food?user=ada";

  @TempDir Path dir;

  @Test
  void anOracleUrlsPasswordIsNeverPrinted() throws Exception {
    Result result =
        CliProcess.run(dir, "--db-url", "jdbc:oracle:thin:scott/tiger@db:1521/orcl", "users");

    assertThat(result.code()).isEqualTo(1);
    assertThat(result.all()).doesNotContain("tiger").contains("scott/***@db");
  }

  @Test
  void usernamesThatLookLikeATakenOneAreRefused() throws Exception {
    assertThat(CliProcess.run(dir, "register", "alice", "a@example.com").code()).isZero();
    assertThat(CliProcess.run(dir, "register", "ace", "b@example.com").code()).isZero();

    Result mixed = CliProcess.run(dir, "register", "\u0430lice", "c@example.com");
    Result cyrillic = CliProcess.run(dir, "register", "\u0430\u0441\u0435", "d@example.com");

    assertThat(mixed.code()).isEqualTo(1);
    assertThat(mixed.err()).startsWith("error: invalid username 'аlice': it mixes");
    assertThat(cyrillic.code()).isEqualTo(1);
    assertThat(cyrillic.err()).startsWith("error: username 'асе' looks like one that is taken");
    assertThat(CliProcess.run(dir, "users").out().lines()).hasSize(3);
  }

  @Test
  void aListThatFailsPrintsNoHeader() throws Exception {
    for (String list : new String[] {"users", "recipes"}) {
      Result result = CliProcess.run(dir, "--db", "typo.db", list);
      assertThat(result.code()).as(list).isEqualTo(2); // a mistyped path is a usage error
      assertThat(result.out()).as(list).isEmpty();
      assertThat(result.err()).as(list).startsWith("error: there is no database at typo.db");
    }
  }

  @Test
  void helpOfASubcommandIsThatSubcommandsHelp() throws Exception {
    Result asked = CliProcess.run(dir, "help", "outbox", "relay");
    Result dashed = CliProcess.run(dir, "outbox", "relay", "--help");

    assertThat(asked.code()).isZero();
    assertThat(asked.out()).startsWith("Usage: foodapp outbox relay").isEqualTo(dashed.out());
  }

  @Test
  void aPasswordFileIsNeverSilentlyIgnored() throws Exception {
    Path file = Files.writeString(dir.resolve("password"), "secret\n");

    Result sqlite =
        CliProcess.run(dir, "--db-password-file", file.toString(), "recipe-add", "soup");
    Result twice =
        CliProcess.run(
            dir,
            "--db-url",
            NOWHERE + "&password=other",
            "--db-password-file",
            file.toString(),
            "users");

    assertThat(sqlite.code()).isEqualTo(1);
    assertThat(sqlite.err())
        .isEqualTo(
            "error: --db-password-file is for a PostgreSQL --db-url; a SQLite database has no"
                + " password\n");
    assertThat(dir.resolve("foodapp.db")).doesNotExist();
    assertThat(twice.code()).isEqualTo(1);
    assertThat(twice.err()).startsWith("error: the --db-url carries a password and");
  }

  @Test
  void aPasswordFileOthersCanReadIsRefusedAsLibpqRefusesIt() throws Exception {
    Path pgpass = Files.writeString(dir.resolve("pgpass"), "127.0.0.1:1:food:ada:secret\n");
    Files.setPosixFilePermissions(pgpass, PosixFilePermissions.fromString("rw-r--r--"));
    Map<String, String> env = Map.of("PGPASSFILE", pgpass.toString());

    Result open = CliProcess.run(dir, env, "--db-url", NOWHERE, "users");
    Files.setPosixFilePermissions(pgpass, PosixFilePermissions.fromString("rw-------"));
    Result closed = CliProcess.run(dir, env, "--db-url", NOWHERE, "users");

    assertThat(open.code()).isEqualTo(1);
    assertThat(open.err())
        .isEqualTo(
            "error: the password file "
                + pgpass
                + " can be read by others (rw-r--r--); as libpq, this program does not use it:"
                + " run chmod 600 "
                + pgpass
                + "\n");
    assertThat(closed.code()).isEqualTo(1);
    assertThat(closed.err()).startsWith("error: ").doesNotContain("password file");
  }
}
