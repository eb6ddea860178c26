package dev.jsignals.example;

import dev.jsignals.core.Signals;
import dev.jsignals.jdbi.SignalsPlugin;
import dev.jsignals.jdbi.SqliteDataSources;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.jspecify.annotations.Nullable;

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
    try {
      var flyway = Flyway.configure();
      (source != null ? flyway.dataSource(source) : flyway.dataSource(url, null, null))
          .locations("classpath:db/migration")
          .loggers("slf4j")
          .load()
          .migrate();
    } catch (FlywayException e) {
      throw new Refusal(
          "cannot open the database "
              + (url != null ? url : file.toString())
              + ": "
              + firstLine(e.getMessage()));
    }
    Jdbi jdbi =
        (source != null ? Jdbi.create(source) : Jdbi.create(url))
            .installPlugin(new SqlObjectPlugin())
            .installPlugin(new SignalsPlugin(signals));
    return new Store(jdbi, signals);
  }

  private static String firstLine(@Nullable String message) {
    if (message == null) {
      return "unknown error";
    }
    String line = message.strip().lines().findFirst().orElse(message);
    return line.length() > 200 ? line.substring(0, 200) + "..." : line;
  }
}
