package dev.jsignals.example.operator;

import static dev.jsignals.example.operator.Foodapp.inJvm;
import static dev.jsignals.example.operator.Foodapp.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jsignals.example.FoodDatabase;
import dev.jsignals.example.operator.Foodapp.Run;
import dev.jsignals.testsupport.Databases;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On PostgreSQL, {@code --lock-timeout} bounds the wait behind another session's lock, as it does
 * on SQLite: the command then says how long it waited, exits 1 and writes nothing.
 */
class PostgresLockTimeoutTest {
  @TempDir Path dir;
  private FoodDatabase db;

  @BeforeEach
  void createSchema() {
    db = FoodDatabase.create(Databases.POSTGRESQL, dir);
    // ada's welcome mail waits in the outbox: no SMTP server is given
    assertThat(db.run("register", "ada", "ada@example.com").code()).isZero();
  }

  private static String waited(int seconds) {
    return "error: the database is locked: waited "
        + seconds
        + " s for a lock held by another session (see --lock-timeout); nothing was written, try"
        + " again";
  }

  @Test
  void commandsBehindAnotherSessionsTableLockGiveUpAfterTheLockTimeout() throws Exception {
    try (Connection holder = DriverManager.getConnection(db.url());
        Statement statement = holder.createStatement()) {
      holder.setAutoCommit(false);
      statement.execute("LOCK TABLE users IN ACCESS EXCLUSIVE MODE");

      Run register = run(dir, db.args("--lock-timeout", "2", "register", "bob", "b@b.cd"));
      Run users = inJvm(db.args("--lock-timeout", "1", "users"));

      assertThat(register.code()).isEqualTo(1);
      assertThat(register.errLines()).containsExactly(waited(2));
      assertThat(users.code()).isEqualTo(1);
      assertThat(users.errLines()).containsExactly(waited(1));

      holder.rollback();
      statement.execute("LOCK TABLE jsignals_outbox IN ACCESS EXCLUSIVE MODE");

      Run relay =
          run(
              dir,
              db.args("--lock-timeout", "1", "--smtp", "127.0.0.1:9", "outbox", "relay", "--once"));

      assertThat(relay.code()).isEqualTo(1);
      assertThat(relay.errLines()).containsExactly(waited(1));
      holder.rollback();
    }
    List<String> users =
        db.jdbi()
            .withHandle(
                h -> h.createQuery("SELECT username FROM users").mapTo(String.class).list());
    assertThat(users).containsExactly("ada");
  }
}
