package dev.jsignals.example.operator;

import static dev.jsignals.example.operator.Foodapp.run;
import static dev.jsignals.example.operator.Foodapp.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jsignals.example.FoodApp;
import dev.jsignals.example.operator.Foodapp.Run;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A database condition the operator can act on (a lock, a table or column changed by hand) gives
 * one sentence that says what to do, on SQLite and PostgreSQL; the driver's own words only under
 * {@code --verbose}. SQLite's write lock held by another process: {@link
 * SqliteWriteLockConditionTest}.
 */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {"SQLite", "PostgreSQL"})
class DatabaseConditionsTest {
  private static final String CHANGED_BY_HAND =
      "error: the database's tables are not those its migrations made (";

  @Parameter String database;
  @TempDir Path dir;
  private String url;
  private List<String> location;

  @BeforeEach
  void createDatabase() {
    if (database.equals("SQLite")) {
      url = "jdbc:sqlite:" + dir.resolve("food.db");
      location = List.of("--db", dir.resolve("food.db").toString());
    } else {
      String server = System.getenv("JSIGNALS_POSTGRES_URL");
      assumeTrue(server != null, "set JSIGNALS_POSTGRES_URL to run the PostgreSQL half");
      String schema = "t_" + UUID.randomUUID().toString().replace("-", "");
      Jdbi.create(server).useHandle(h -> h.execute("CREATE SCHEMA " + schema));
      url = server + "&currentSchema=" + schema;
      location = List.of("--db-url", url);
    }
    // ada's welcome mail waits in the outbox: no SMTP server is given
    int code =
        FoodApp.run(
            with(location, "register", "ada", "ada@example.com"),
            new PrintWriter(new StringWriter()),
            new PrintWriter(new StringWriter()));
    assertThat(code).isZero();
  }

  @Test
  void outboxStatusWithoutItsTableSaysTheTablesWereChangedByHand() {
    Jdbi.create(url).useHandle(h -> h.execute("DROP TABLE jsignals_outbox"));

    Run status = run(dir, with(location, "outbox", "status"));

    assertThat(status.code()).isEqualTo(1);
    assertThat(status.errLines())
        .singleElement()
        .asString()
        .startsWith(CHANGED_BY_HAND)
        .contains("jsignals_outbox")
        .endsWith("): it was changed by hand; restore a backup");
  }

  @Test
  void registerAgainstATableWithADroppedColumnSaysTheTablesWereChangedByHand() {
    Jdbi.create(url).useHandle(h -> h.execute("ALTER TABLE profiles DROP COLUMN image"));

    Run register = run(dir, with(location, "register", "bob", "bob@example.com"));

    assertThat(register.code()).isEqualTo(1);
    assertThat(register.errLines())
        .singleElement()
        .asString()
        .startsWith(CHANGED_BY_HAND)
        .contains("image")
        .endsWith("): it was changed by hand; restore a backup");
    long users =
        Jdbi.create(url)
            .withHandle(h -> h.createQuery("SELECT count(*) FROM users").mapTo(Long.class).one());
    assertThat(users).as("bob not written").isOne();
  }
}
