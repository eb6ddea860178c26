package dev.jsignals.example.operator;

import static dev.jsignals.example.operator.Foodapp.inJvm;
import static dev.jsignals.example.operator.Foodapp.run;
import static dev.jsignals.example.operator.Foodapp.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jsignals.example.FoodApp;
import dev.jsignals.example.operator.Foodapp.Run;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On PostgreSQL, {@code --lock-timeout} bounds the wait behind another session's lock, as it does
 * on SQLite: the command then says how long it waited, exits 1 and writes nothing.
 */
class PostgresLockTimeoutTest {
  @TempDir Path dir;
  private String url;
  private List<String> location;

  @BeforeEach
  void createSchema() {
    String server = System.getenv("JSIGNALS_POSTGRES_URL");
    assumeTrue(server != null, "set JSIGNALS_POSTGRES_URL to run this PostgreSQL test");
    String schema = "t_" + UUID.randomUUID().toString().replace("-", "");
    Jdbi.create(server).useHandle(h -> h.execute("CREATE SCHEMA " + schema));
    url = server + "&currentSchema=" + schema;
    location = List.of("--db-url", url);
    // ada's welcome mail waits in the outbox: no SMTP server is given
    int code =
        FoodApp.run(
            with(location, "register", "ada", "ada@example.com"),
            new PrintWriter(new StringWriter()),
            new PrintWriter(new StringWriter()));
    assertThat(code).isZero();
  }

  private static String waited(int seconds) {
    return "error: the database is locked: waited "
        + seconds
        + " s for a lock held by another session (see --lock-timeout); nothing was written, try"
        + " again";
  }

  @Test
  void commandsBehindAnotherSessionsTableLockGiveUpAfterTheLockTimeout() throws Exception {
    try (Connection holder = DriverManager.getConnection(url);
        Statement statement = holder.createStatement()) {
      holder.setAutoCommit(false);
      statement.execute("LOCK TABLE users IN ACCESS EXCLUSIVE MODE");

      Run register = run(dir, with(location, "--lock-timeout", "2", "register", "bob", "b@b.cd"));
      Run users = inJvm(with(location, "--lock-timeout", "1", "users"));

      assertThat(register.code()).isEqualTo(1);
      assertThat(register.errLines()).containsExactly(waited(2));
      assertThat(users.code()).isEqualTo(1);
      assertThat(users.errLines()).containsExactly(waited(1));

      holder.rollback();
      statement.execute("LOCK TABLE jsignals_outbox IN ACCESS EXCLUSIVE MODE");

      Run relay =
          run(
              dir,
              with(
                  location,
                  "--lock-timeout",
                  "1",
                  "--smtp",
                  "127.0.0.1:9",
                  "outbox",
                  "relay",
                  "--once"));

      assertThat(relay.code()).isEqualTo(1);
      assertThat(relay.errLines()).containsExactly(waited(1));
      holder.rollback();
    }
    List<String> users =
        Jdbi.create(url)
            .withHandle(
                h -> h.createQuery("SELECT username FROM users").mapTo(String.class).list());
    assertThat(users).containsExactly("ada");
  }
}
