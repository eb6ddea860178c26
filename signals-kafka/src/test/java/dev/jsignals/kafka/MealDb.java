package dev.jsignals.kafka;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jsignals.core.Signals;
import dev.jsignals.jdbi.SignalsPlugin;
import dev.jsignals.jdbi.SqliteDataSources;
import java.nio.file.Path;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;

/**
 * The databases the relay-to-Kafka suites run on, with the meals table: a SQLite file in a
 * temporary folder, and the PostgreSQL server named by {@code JSIGNALS_POSTGRES_URL}, in a schema
 * of its own per test (skipped without the variable). A database is named by its JDBC URL, so child
 * processes open it too.
 */
final class MealDb {
  static final String SQLITE = "SQLite";
  static final String POSTGRESQL = "PostgreSQL";
  private static final String POSTGRES_URL = System.getenv("JSIGNALS_POSTGRES_URL");

  private MealDb() {}

  /** Creates an empty database of the kind with the meals table; returns its URL. */
  static String create(String kind, Path dir) {
    String url;
    if (kind.equals(SQLITE)) {
      url = "jdbc:sqlite:" + dir.resolve("meals.db");
    } else {
      assumeTrue(
          POSTGRES_URL != null,
          "set JSIGNALS_POSTGRES_URL to a JDBC URL to run the PostgreSQL half (see README)");
      String schema = "k_" + UUID.randomUUID().toString().replace("-", "");
      Jdbi.create(POSTGRES_URL).useHandle(h -> h.execute("CREATE SCHEMA " + schema));
      url = POSTGRES_URL + (POSTGRES_URL.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }
    String id = kind.equals(SQLITE) ? "INTEGER PRIMARY KEY" : "BIGSERIAL PRIMARY KEY";
    jdbi(url, Signals.create())
        .useHandle(
            h ->
                h.execute(
                    "CREATE TABLE meals (id "
                        + id
                        + ", name TEXT NOT NULL, version INT NOT NULL)"));
    return url;
  }

  /** A Jdbi on the database whose annotated writes send through {@code signals}. */
  static Jdbi jdbi(String url, Signals signals) {
    Jdbi jdbi =
        url.startsWith("jdbc:sqlite:")
            ? Jdbi.create(SqliteDataSources.file(Path.of(url.substring("jdbc:sqlite:".length()))))
            : Jdbi.create(url);
    return jdbi.installPlugin(new SqlObjectPlugin()).installPlugin(new SignalsPlugin(signals));
  }
}
