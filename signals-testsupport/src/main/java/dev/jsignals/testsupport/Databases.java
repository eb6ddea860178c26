package dev.jsignals.testsupport;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jsignals.core.Signals;
import dev.jsignals.jdbi.SignalsPlugin;
import dev.jsignals.jdbi.SqliteDataSources;
import java.nio.file.Path;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;

/**
 * The databases the suites run on: a SQLite file in a temporary folder, and the PostgreSQL server
 * named by the environment variable {@code JSIGNALS_POSTGRES_URL} (a JDBC URL), in a schema of its
 * own per test; without the variable, the PostgreSQL half of a suite is skipped. A database is
 * named by its JDBC URL, so child processes open it too. Each suite creates its own tables.
 * Stateless.
 */
public final class Databases {
  /** The kind of a SQLite database, as parameterized tests name it. */
  public static final String SQLITE = "SQLite";

  /** The kind of a PostgreSQL database, as parameterized tests name it. */
  public static final String POSTGRESQL = "PostgreSQL";

  private static final String POSTGRES_URL = System.getenv("JSIGNALS_POSTGRES_URL");

  private Databases() {}

  /**
   * Creates an empty database of the kind: the SQLite file {@code file} in {@code dir}, or a new
   * PostgreSQL schema named {@code schemaPrefix} and a random suffix.
   *
   * @param kind {@link #SQLITE} or {@link #POSTGRESQL}
   * @param dir the test's temporary folder
   * @param file the SQLite file's name
   * @param schemaPrefix the PostgreSQL schema's prefix
   * @return the database's JDBC URL
   * @throws IllegalArgumentException if the kind is neither
   * @throws org.opentest4j.TestAbortedException without {@code JSIGNALS_POSTGRES_URL}, for
   *     PostgreSQL
   */
  public static String create(String kind, Path dir, String file, String schemaPrefix) {
    if (kind.equals(SQLITE)) {
      return "jdbc:sqlite:" + dir.resolve(file);
    }
    if (!kind.equals(POSTGRESQL)) {
      throw new IllegalArgumentException(
          "unknown database kind: " + kind + " (expected " + SQLITE + " or " + POSTGRESQL + ")");
    }
    assumeTrue(
        POSTGRES_URL != null,
        "set JSIGNALS_POSTGRES_URL to a JDBC URL to run the PostgreSQL half (see README)");
    String schema = schemaPrefix + UUID.randomUUID().toString().replace("-", "");
    Jdbi.create(POSTGRES_URL).useHandle(h -> h.execute("CREATE SCHEMA " + schema));
    return POSTGRES_URL + (POSTGRES_URL.contains("?") ? "&" : "?") + "currentSchema=" + schema;
  }

  /**
   * The column definition of a generated {@code BIGINT}-sized primary key on the kind.
   *
   * @param kind {@link #SQLITE} or {@link #POSTGRESQL}
   * @return {@code INTEGER PRIMARY KEY} or {@code BIGSERIAL PRIMARY KEY}
   */
  public static String idColumn(String kind) {
    return kind.equals(SQLITE) ? "INTEGER PRIMARY KEY" : "BIGSERIAL PRIMARY KEY";
  }

  /**
   * A Jdbi with SQL Objects but without signals: SQLite through {@link SqliteDataSources#file}.
   *
   * @param url the database's JDBC URL
   * @return a new Jdbi
   */
  public static Jdbi bare(String url) {
    Jdbi jdbi =
        url.startsWith("jdbc:sqlite:")
            ? Jdbi.create(SqliteDataSources.file(Path.of(url.substring("jdbc:sqlite:".length()))))
            : Jdbi.create(url);
    return jdbi.installPlugin(new SqlObjectPlugin());
  }

  /**
   * A Jdbi on the database whose annotated writes send through {@code signals}.
   *
   * @param url the database's JDBC URL
   * @param signals the signals the writes send through
   * @return a new Jdbi
   */
  public static Jdbi jdbi(String url, Signals signals) {
    return bare(url).installPlugin(new SignalsPlugin(signals));
  }
}
