package dev.jsignals.outbox.chaos;

import dev.jsignals.core.Signals;
import dev.jsignals.testsupport.Databases;
import java.nio.file.Path;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/**
 * The database of a fault-injection run: a SQLite file, or a fresh schema on a PostgreSQL server,
 * with the meals table; named by its URL so that relay processes open it too.
 */
final class ChaosDb {
  private ChaosDb() {}

  /** Creates the database; {@code postgresUrl} is the server's URL, or null for SQLite. */
  static String create(String postgresUrl, Path dir) {
    String url;
    if (postgresUrl == null) {
      url = "jdbc:sqlite:" + dir.resolve("chaos.db");
    } else {
      String schema = "chaos_" + UUID.randomUUID().toString().replace("-", "");
      Jdbi.create(postgresUrl).useHandle(h -> h.execute("CREATE SCHEMA " + schema));
      url = postgresUrl + (postgresUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }
    String id = postgresUrl == null ? "INTEGER PRIMARY KEY AUTOINCREMENT" : "BIGSERIAL PRIMARY KEY";
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
    return Databases.jdbi(url, signals);
  }
}
