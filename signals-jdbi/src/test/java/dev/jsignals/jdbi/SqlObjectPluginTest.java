package dev.jsignals.jdbi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jsignals.core.Signals;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SignalsPlugin brings Jdbi's SQL Object plugin, which its annotations need. */
class SqlObjectPluginTest {

  /** A SQL Object without signals. */
  public interface Names {
    @SqlUpdate("CREATE TABLE names (name TEXT NOT NULL)")
    void create();

    @SqlUpdate("INSERT INTO names (name) VALUES (?)")
    void insert(String name);

    @SqlQuery("SELECT name FROM names")
    List<String> all();
  }

  @Test
  void theSignalsPluginAloneIsEnoughToAttachSqlObjects(@TempDir Path dir) {
    Jdbi jdbi =
        Jdbi.create(SqliteDataSources.file(dir.resolve("names.db")))
            .installPlugin(new SignalsPlugin(Signals.create()));

    List<String> names = new ArrayList<>();
    jdbi.useExtension(
        Names.class,
        dao -> {
          dao.create();
          dao.insert("ada");
          names.addAll(dao.all());
        });

    assertThat(names).containsExactly("ada");
  }

  @Test
  void installingTheSqlObjectPluginAfterwardsChangesNothing(@TempDir Path dir) {
    Jdbi jdbi =
        Jdbi.create(SqliteDataSources.file(dir.resolve("names.db")))
            .installPlugin(new SignalsPlugin(Signals.create()))
            .installPlugin(new SqlObjectPlugin());

    jdbi.useExtension(Names.class, Names::create);

    assertThat(jdbi.withExtension(Names.class, Names::all)).isEmpty();
  }
}
