package dev.jsignals.example;

import dev.jsignals.core.Signals;
import dev.jsignals.jdbi.SignalsPlugin;
import dev.jsignals.jdbi.SqliteDataSources;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.exception.FlywayValidateException;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.jspecify.annotations.Nullable;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The app's database: a SQLite file or a PostgreSQL URL, migrated by Flyway, with signals. A SQLite
 * file is looked at read-only first ({@link SqliteFile}); writers then wait for each other up to
 * the lock timeout, readers never wait (WAL). Not thread-safe: one per run.
 */
final class Store {
  final Jdbi jdbi;
  final Signals signals;

  private Store(Jdbi jdbi, Signals signals) {
    this.jdbi = jdbi;
    this.signals = signals;
  }

  /**
   * Where the database is and how to reach it.
   *
   * @param file the SQLite file of {@code --db}, or null
   * @param url the JDBC URL of {@code --db-url}, or null
   * @param password a password given apart from the URL, or null
   * @param lockTimeout how long a writer waits for another one
   */
  record Target(
      @Nullable Path file, @Nullable String url, @Nullable String password, Duration lockTimeout) {}

  static Store open(Target target, boolean writes, Signals signals) {
    String url = target.url();
    Path file = url == null ? target.file() : sqliteFile(url);
    Jdbi jdbi;
    if (file != null) {
      String shown = Validation.path(file.toString());
      SqliteNative.load(); // before any file is made: a failure leaves nothing behind
      boolean existed = Files.exists(file, LinkOption.NOFOLLOW_LINKS);
      SqliteFile.State state = SqliteFile.prepare(file, writes, target.lockTimeout());
      if (state == SqliteFile.State.EMPTY && !writes) {
        throw new Refusal("the database " + shown + " is empty: there is nothing to read yet");
      }
      DataSource source = SqliteDataSources.file(file, target.lockTimeout());
      if (state != SqliteFile.State.CURRENT) {
        try {
          migrate(source, "sqlite", shown, target.lockTimeout());
        } catch (RuntimeException e) {
          if (!existed) {
            SqliteFile.removeIfUnwritten(file);
          }
          throw e;
        }
      }
      jdbi = Jdbi.create(source);
    } else {
      String shown = Validation.path(Faults.hidePasswords(String.valueOf(url)));
      DataSource source =
          postgres(String.valueOf(url), target.password(), shown, target.lockTimeout());
      if (!writes) {
        requireTables(source, shown, target.lockTimeout());
      }
      migrate(source, "postgresql", shown, target.lockTimeout());
      jdbi = Jdbi.create(source);
    }
    jdbi.installPlugin(new SqlObjectPlugin()).installPlugin(new SignalsPlugin(signals));
    return new Store(jdbi, signals);
  }

  /** The file of a {@code jdbc:sqlite:} URL, or null for a PostgreSQL one. */
  private static @Nullable Path sqliteFile(String url) {
    if (url.startsWith("jdbc:postgresql:")) {
      return null;
    }
    if (!url.startsWith("jdbc:sqlite:")) {
      throw new Refusal(
          "unsupported database URL '"
              + Validation.path(Faults.hidePasswords(url))
              + "': use jdbc:sqlite:FILE or jdbc:postgresql://...");
    }
    String rest = url.substring("jdbc:sqlite:".length());
    if (rest.startsWith("file:")) {
      rest = rest.substring("file:".length());
    }
    int query = rest.indexOf('?');
    String options = query < 0 ? "" : rest.substring(query);
    String path = query < 0 ? rest : rest.substring(0, query);
    if (path.isEmpty() || path.startsWith(":memory:") || options.contains("mode=memory")) {
      throw new Refusal(
          "an in-memory SQLite database ("
              + Validation.path(Faults.hidePasswords(url))
              + ") is gone when the command ends: give a file, --db PATH");
    }
    if (path.startsWith(":")) {
      throw new Refusal(
          "unsupported SQLite URL '"
              + Validation.path(Faults.hidePasswords(url))
              + "': use jdbc:sqlite:FILE");
    }
    return Path.of(path);
  }

  /**
   * How long a PostgreSQL statement may run beyond its wait for locks: long enough for the largest
   * import, short enough that a stuck statement ends.
   */
  private static final Duration STATEMENT_MARGIN = Duration.ofMinutes(10);

  private static DataSource postgres(
      String url, @Nullable String password, String shown, Duration lockTimeout) {
    PGSimpleDataSource source = new PGSimpleDataSource();
    try {
      source.setURL(url);
    } catch (IllegalArgumentException e) {
      throw new Refusal(
          "invalid PostgreSQL URL '"
              + shown
              + "': use jdbc:postgresql://HOST:PORT/DATABASE?user=NAME (the password apart:"
              + " --db-password-file, PGPASSWORD or ~/.pgpass)");
    }
    if (password != null && source.getPassword() == null) {
      source.setPassword(password);
    }
    // --lock-timeout bounds every wait for a lock, as SQLite's busy timeout does (0: do not wait,
    // where PostgreSQL's 0 would wait forever); a statement ends at most STATEMENT_MARGIN later.
    long lockMillis = Math.max(1, lockTimeout.toMillis());
    long statementMillis = lockMillis + STATEMENT_MARGIN.toMillis();
    String given = source.getOptions();
    source.setOptions(
        (given == null || given.isBlank() ? "" : given + " ")
            + "-c lock_timeout="
            + lockMillis
            + " -c statement_timeout="
            + statementMillis);
    return source;
  }

  /**
   * Refuses a PostgreSQL schema without this app's tables (a mistyped {@code currentSchema}, a
   * database nobody set up) for a command that reads or changes existing data: it creates nothing.
   */
  private static void requireTables(DataSource source, String shown, Duration timeout) {
    boolean found;
    try (Connection connection = source.getConnection();
        Statement statement = connection.createStatement();
        ResultSet row =
            statement.executeQuery(
                "SELECT current_schema() IS NOT NULL AND to_regclass(quote_ident(current_schema())"
                    + " || '.flyway_schema_history') IS NOT NULL")) {
      found = row.next() && row.getBoolean(1);
    } catch (SQLException e) {
      String fault = Faults.message(e, timeout);
      throw new Refusal(
          "cannot open the database "
              + shown
              + ": "
              + (fault != null ? fault : Validation.path(Faults.firstLine(e.getMessage()))));
    }
    if (!found) {
      throw Refusal.usage(
          "there is no database at "
              + shown
              + " (its schema holds no Food App tables; commands that write, such as register or"
              + " recipe-add, create them)");
    }
  }

  private static void migrate(DataSource source, String dialect, String shown, Duration timeout) {
    Flyway flyway =
        Flyway.configure()
            .dataSource(source)
            .locations("classpath:db/migration/" + dialect)
            // A schema newer than this program (a migration it does not know) is refused rather
            // than written by code that does not understand it.
            .ignoreMigrationPatterns(new String[0])
            .loggers("slf4j")
            .load();
    try {
      flyway.migrate();
    } catch (FlywayValidateException e) {
      throw new Refusal(
          "cannot open the database "
              + shown
              + ": its schema (version "
              + appliedVersion(flyway)
              + ") is not the one this program knows; use the foodapp that wrote it");
    } catch (FlywayException e) {
      String fault = Faults.message(e, timeout);
      throw new Refusal(
          "cannot open the database "
              + shown
              + ": "
              + (fault != null ? fault : Validation.path(Faults.firstLine(e.getMessage()))));
    }
  }

  private static String appliedVersion(Flyway flyway) {
    try {
      var current = flyway.info().current();
      return current == null || current.getVersion() == null
          ? "unknown"
          : current.getVersion().getVersion();
    } catch (FlywayException e) {
      return "unknown";
    }
  }
}
