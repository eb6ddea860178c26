package dev.jsignals.example.operator;

import static dev.jsignals.example.operator.Foodapp.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jsignals.example.FoodDatabase;
import dev.jsignals.example.operator.Foodapp.Run;
import java.nio.file.Path;
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
  private FoodDatabase db;

  @BeforeEach
  void createDatabase() {
    db = FoodDatabase.create(database, dir);
    // ada's welcome mail waits in the outbox: no SMTP server is given
    assertThat(db.run("register", "ada", "ada@example.com").code()).isZero();
  }

  @Test
  void outboxStatusWithoutItsTableSaysTheTablesWereChangedByHand() {
    db.jdbi().useHandle(h -> h.execute("DROP TABLE jsignals_outbox"));

    Run status = run(dir, db.args("outbox", "status"));

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
    db.jdbi().useHandle(h -> h.execute("ALTER TABLE profiles DROP COLUMN image"));

    Run register = run(dir, db.args("register", "bob", "bob@example.com"));

    assertThat(register.code()).isEqualTo(1);
    assertThat(register.errLines())
        .singleElement()
        .asString()
        .startsWith(CHANGED_BY_HAND)
        .contains("image")
        .endsWith("): it was changed by hand; restore a backup");
    long users =
        db.jdbi()
            .withHandle(h -> h.createQuery("SELECT count(*) FROM users").mapTo(Long.class).one());
    assertThat(users).as("bob not written").isOne();
  }
}
