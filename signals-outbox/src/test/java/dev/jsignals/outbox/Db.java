package dev.jsignals.outbox;

import dev.jsignals.core.Signals;
import dev.jsignals.testsupport.Databases;
import dev.jsignals.testsupport.Meal;
import java.nio.file.Path;
import org.jdbi.v3.core.Jdbi;

/**
 * The outbox suites' tables (the {@link Meal} table, and the deliveries the relays record) on the
 * databases of {@link Databases}: a SQLite file, or a PostgreSQL schema of its own per test.
 */
final class Db {
  static final String SQLITE = Databases.SQLITE;
  static final String POSTGRESQL = Databases.POSTGRESQL;

  private Db() {}

  /**
   * Creates an empty database of the kind with the meals and deliveries tables; returns its URL.
   */
  static String create(String kind, Path dir) {
    String url = Meal.createDatabase(kind, dir, "outbox.db", "o_");
    String id = Databases.idColumn(kind);
    jdbi(url, Signals.create())
        .useHandle(
            h ->
                h.execute(
                    "CREATE TABLE deliveries (id "
                        + id
                        + ", event_id TEXT NOT NULL, item_key TEXT NOT NULL, version INT NOT NULL,"
                        + " relay TEXT NOT NULL)"));
    return url;
  }

  /** A Jdbi on the database whose annotated writes send through {@code signals}. */
  static Jdbi jdbi(String url, Signals signals) {
    return Databases.jdbi(url, signals);
  }
}
