package dev.jsignals.example;

import dev.jsignals.core.Signals;
import dev.jsignals.jdbi.SignalsPlugin;
import dev.jsignals.jdbi.SqliteDataSources;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.exception.FlywayValidateException;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.jspecify.annotations.Nullable;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/** The app's database: a SQLite file (or a JDBC URL), migrated by Flyway, with signals. */
final class Store {
  final Jdbi jdbi;
  final Signals signals;

  private Store(Jdbi jdbi, Signals signals) {
    this.jdbi = jdbi;
    this.signals = signals;
  }

  static Store open(Path file, @Nullable String url, Signals signals) {
    if (url == null && Files.isDirectory(file)) {
      throw new Refusal("database path " + file + " is a directory, not a SQLite file");
    }
    DataSource source = url == null ? SqliteDataSources.file(file) : null;
    String dialect = dialect(url);
    var configuration = Flyway.configure();
    Flyway flyway =
        (source != null
                ? configuration.dataSource(source)
                : configuration.dataSource(url, null, null))
            .locations("classpath:db/migration/" + dialect)
            // A schema newer than this program (a migration it does not know) is refused rather
            // than written by code that does not understand it.
            .ignoreMigrationPatterns(new String[0])
            .loggers("slf4j")
            .load();
    String where = url != null ? url : file.toString();
    try {
      flyway.migrate();
    } catch (FlywayValidateException e) {
      throw new Refusal(
          "cannot open the database "
              + where
              + ": its schema (version "
              + appliedVersion(flyway)
              + ") is not the one this program knows; use the foodapp that wrote it");
    } catch (FlywayException e) {
      String fault = faultMessage(e);
      if (fault != null) {
        throw new Refusal(fault);
      }
      throw new Refusal("cannot open the database " + where + ": " + firstLine(e.getMessage()));
    }
    Jdbi jdbi =
        (source != null ? Jdbi.create(source) : Jdbi.create(url))
            .installPlugin(new SqlObjectPlugin())
            .installPlugin(new SignalsPlugin(signals));
    return new Store(jdbi, signals);
  }

  /** The folder of migrations for the database: {@code sqlite} or {@code postgresql}. */
  private static String dialect(@Nullable String url) {
    if (url == null || url.startsWith("jdbc:sqlite:")) {
      return "sqlite";
    }
    if (url.startsWith("jdbc:postgresql:")) {
      return "postgresql";
    }
    throw new Refusal(
        "unsupported database URL '" + url + "': use jdbc:sqlite:FILE or jdbc:postgresql://...");
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

  /**
   * The message for a SQLite fault the user can act on (locked past the busy timeout, read-only),
   * found by its result code anywhere in the cause chain, or null for anything else.
   */
  static @Nullable String faultMessage(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLiteException sqlite) {
        int primary = sqlite.getResultCode().code & 0xFF;
        if (primary == SQLiteErrorCode.SQLITE_BUSY.code) {
          return "the database is locked by another process (waited "
              + SqliteDataSources.DEFAULT_BUSY_TIMEOUT.toSeconds()
              + " s); nothing was written, try again";
        }
        if (primary == SQLiteErrorCode.SQLITE_READONLY.code) {
          return "the database is read-only (check the permissions of the file and its folder);"
              + " nothing was written";
        }
      }
    }
    return null;
  }

  private static String firstLine(@Nullable String message) {
    if (message == null) {
      return "unknown error";
    }
    String line = message.strip().lines().findFirst().orElse(message);
    return line.length() > 200 ? line.substring(0, 200) + "..." : line;
  }
}
