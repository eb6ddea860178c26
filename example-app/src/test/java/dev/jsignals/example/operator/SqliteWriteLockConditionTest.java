package dev.jsignals.example.operator;

import static dev.jsignals.example.operator.Foodapp.run;
import static dev.jsignals.example.operator.Foodapp.with;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jsignals.example.FoodDatabase;
import dev.jsignals.example.operator.Foodapp.Run;
import dev.jsignals.example.reliability.HoldLock;
import dev.jsignals.testsupport.ChildJvm;
import dev.jsignals.testsupport.Databases;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SQLite's write lock held by another process: an operator command that needs it waits its {@code
 * --lock-timeout} and then gives one sentence, with the driver's words only under {@code
 * --verbose}. PostgreSQL's table locks: {@link PostgresLockTimeoutTest}.
 */
class SqliteWriteLockConditionTest {
  @TempDir Path dir;
  private FoodDatabase db;

  @BeforeEach
  void createDatabase() {
    db = FoodDatabase.create(Databases.SQLITE, dir);
    // ada's welcome mail waits in the outbox: no SMTP server is given
    assertThat(db.run("register", "ada", "ada@example.com").code()).isZero();
  }

  @Test
  void relayOnceBehindAnotherProcessesWriteLockGivesOneSentence() throws Exception {
    Process holder =
        new ProcessBuilder(
                ChildJvm.command(HoldLock.class, dir.resolve("food.db").toString(), "300000"))
            .redirectErrorStream(true)
            .start();
    try {
      BufferedReader output =
          new BufferedReader(
              new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
      assertThat(output.readLine()).isEqualTo("locked");
      String[] relay = {
        "--lock-timeout", "1", "--smtp", "127.0.0.1:9", "outbox", "relay", "--once"
      };

      Run plain = run(dir, db.args(relay));
      Run verbose = run(dir, db.args(with(List.of("--verbose"), relay)));

      String sentence =
          "error: the database is locked by another process (waited 1 s, see --lock-timeout);"
              + " nothing was written, try again";
      assertThat(plain.code()).isEqualTo(1);
      assertThat(plain.errLines()).containsExactly(sentence);
      assertThat(verbose.code()).isEqualTo(1);
      assertThat(verbose.errLines()).contains(sentence);
      assertThat(verbose.err()).contains("  driver: org.sqlite.SQLiteException: [SQLITE_BUSY]");
    } finally {
      holder.destroyForcibly();
      assertThat(holder.waitFor(1, TimeUnit.MINUTES)).isTrue();
    }
  }
}
