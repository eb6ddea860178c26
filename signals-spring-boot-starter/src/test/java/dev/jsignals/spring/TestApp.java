package dev.jsignals.spring;

import dev.jsignals.jdbi.SqliteDataSources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The application of the starter's suites: a real database (a SQLite file under {@code target/}, or
 * a schema of its own on the PostgreSQL server named by {@code JSIGNALS_POSTGRES_URL}, chosen by
 * the property {@code test.db}), the notes tables, a receiver bean and a service.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class TestApp {
  static final String POSTGRES_URL = System.getenv("JSIGNALS_POSTGRES_URL");

  @Bean
  DataSource dataSource(@Value("${test.db:sqlite}") String kind) throws Exception {
    DataSource dataSource;
    String id;
    if (kind.equals("postgresql")) {
      String schema = "s31_" + UUID.randomUUID().toString().replace("-", "");
      Jdbi.create(POSTGRES_URL).useHandle(h -> h.execute("CREATE SCHEMA " + schema));
      dataSource = new DriverManagerDataSource(POSTGRES_URL + "&currentSchema=" + schema);
      id = "BIGSERIAL PRIMARY KEY";
    } else {
      Path dir = Files.createDirectories(Path.of("target", "sqlite"));
      dataSource = SqliteDataSources.file(dir.resolve(UUID.randomUUID() + ".db"));
      id = "INTEGER PRIMARY KEY";
    }
    Jdbi.create(dataSource)
        .useHandle(
            h -> {
              h.execute("CREATE TABLE notes (id " + id + ", text TEXT NOT NULL)");
              h.execute("CREATE TABLE audit (id " + id + ", entry TEXT NOT NULL)");
            });
    return dataSource;
  }

  @Bean
  HookLog hookLog() {
    return new HookLog();
  }

  @Bean
  NoteReceivers noteReceivers(HookLog hooks) {
    return new NoteReceivers(hooks);
  }

  @Bean
  NoteMail noteMail() {
    return new NoteMail();
  }

  @Bean
  NoteService noteService(Jdbi jdbi, ObjectProvider<NoteService> proxy) {
    return new NoteService(jdbi, proxy);
  }
}
