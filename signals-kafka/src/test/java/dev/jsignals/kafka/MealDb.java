package dev.jsignals.kafka;

import dev.jsignals.core.Signals;
import dev.jsignals.jdbi.SignalsPlugin;
import dev.jsignals.jdbi.SqliteDataSources;
import java.nio.file.Path;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;

/** A SQLite database file with the meals table, opened by as many processes as needed. */
final class MealDb {
  private MealDb() {}

  static void create(Path file) {
    jdbi(file, Signals.create())
        .useHandle(
            h ->
                h.execute(
                    "CREATE TABLE meals (id INTEGER PRIMARY KEY, name TEXT NOT NULL,"
                        + " version INT NOT NULL)"));
  }

  static Jdbi jdbi(Path file, Signals signals) {
    return Jdbi.create(SqliteDataSources.file(file))
        .installPlugin(new SqlObjectPlugin())
        .installPlugin(new SignalsPlugin(signals));
  }
}
