package dev.jsignals.kafka;

import dev.jsignals.core.Signals;
import dev.jsignals.testsupport.Databases;
import java.nio.file.Path;
import org.jdbi.v3.core.Jdbi;

/**
 * The relay-to-Kafka suites' meals table on the databases of {@link Databases}: a SQLite file, or a
 * PostgreSQL schema of its own per test.
 */
final class MealDb {
  static final String SQLITE = Databases.SQLITE;
  static final String POSTGRESQL = Databases.POSTGRESQL;

  private MealDb() {}

  /** Creates an empty database of the kind with the meals table; returns its URL. */
  static String create(String kind, Path dir) {
    String url = Databases.create(kind, dir, "meals.db", "k_");
    String id = Databases.idColumn(kind);
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
