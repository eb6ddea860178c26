package dev.jsignals.jdbi;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jsignals.core.Signals;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;

/**
 * The databases the signals-jdbi suites run on: a SQLite file in a temporary folder, and the
 * PostgreSQL server named by the environment variable {@code JSIGNALS_POSTGRES_URL} (a JDBC URL),
 * in a schema of its own per test. Without the variable the PostgreSQL half is skipped.
 */
final class TestDatabase {
  static final String SQLITE = "SQLite";
  static final String POSTGRESQL = "PostgreSQL";
  private static final String POSTGRES_URL = System.getenv("JSIGNALS_POSTGRES_URL");

  private static final List<String> SQLITE_TABLES =
      List.of(
          "CREATE TABLE users (id INTEGER PRIMARY KEY, username TEXT NOT NULL UNIQUE, email TEXT"
              + " NOT NULL)",
          "CREATE TABLE profiles (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL UNIQUE"
              + " REFERENCES users (id), image TEXT NOT NULL)",
          "CREATE TABLE recipes (id INTEGER PRIMARY KEY, name TEXT NOT NULL)",
          "CREATE TABLE favorites (user_id INTEGER NOT NULL REFERENCES users (id), recipe_id"
              + " INTEGER NOT NULL REFERENCES recipes (id), PRIMARY KEY (user_id, recipe_id))");

  private static final List<String> POSTGRES_TABLES =
      List.of(
          "CREATE TABLE users (id BIGSERIAL PRIMARY KEY, username TEXT NOT NULL UNIQUE, email"
              + " TEXT NOT NULL)",
          "CREATE TABLE profiles (id BIGSERIAL PRIMARY KEY, user_id BIGINT NOT NULL UNIQUE"
              + " REFERENCES users (id), image TEXT NOT NULL)",
          "CREATE TABLE recipes (id BIGSERIAL PRIMARY KEY, name TEXT NOT NULL)",
          "CREATE TABLE favorites (user_id BIGINT NOT NULL REFERENCES users (id), recipe_id"
              + " BIGINT NOT NULL REFERENCES recipes (id), PRIMARY KEY (user_id, recipe_id))");

  private final String kind;
  private final String url;

  private TestDatabase(String kind, String url) {
    this.kind = kind;
    this.url = url;
  }

  /** Creates an empty database of the kind, with the food app's tables. */
  static TestDatabase create(String kind, Path dir) {
    TestDatabase database;
    if (kind.equals(SQLITE)) {
      database = new TestDatabase(kind, "jdbc:sqlite:" + dir.resolve("food.db"));
    } else {
      assumeTrue(
          POSTGRES_URL != null,
          "set JSIGNALS_POSTGRES_URL to a JDBC URL to run the PostgreSQL half (see README)");
      String schema = "t_" + UUID.randomUUID().toString().replace("-", "");
      Jdbi.create(POSTGRES_URL).useHandle(h -> h.execute("CREATE SCHEMA " + schema));
      database = new TestDatabase(kind, POSTGRES_URL + "&currentSchema=" + schema);
    }
    List<String> tables = kind.equals(SQLITE) ? SQLITE_TABLES : POSTGRES_TABLES;
    database.bare().useHandle(h -> tables.forEach(h::execute));
    return database;
  }

  /** A Jdbi with SQL Objects but without signals. */
  Jdbi bare() {
    Jdbi jdbi =
        kind.equals(SQLITE)
            ? Jdbi.create(SqliteDataSources.file(Path.of(url.substring("jdbc:sqlite:".length()))))
            : Jdbi.create(url);
    return jdbi.installPlugin(new SqlObjectPlugin());
  }

  /** A Jdbi whose annotated DAO methods send through {@code signals}. */
  Jdbi open(Signals signals) {
    return bare().installPlugin(new SignalsPlugin(signals));
  }

  /** A Jdbi with a plugin configured by the caller. */
  Jdbi open(SignalsPlugin plugin) {
    return bare().installPlugin(plugin);
  }
}
