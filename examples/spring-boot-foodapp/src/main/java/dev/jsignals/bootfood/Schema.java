package dev.jsignals.bootfood;

import org.jdbi.v3.core.Jdbi;
import org.springframework.stereotype.Component;

/**
 * Creates the tables when missing, at start-up (a real application would use Flyway, as the
 * command-line Food App does). The outbox creates its own.
 */
@Component
public class Schema {
  Schema(Jdbi jdbi) throws java.sql.SQLException {
    jdbi.useHandle(
        h -> {
          boolean sqlite = h.getConnection().getMetaData().getURL().startsWith("jdbc:sqlite:");
          String id = sqlite ? "INTEGER PRIMARY KEY" : "BIGSERIAL PRIMARY KEY";
          h.execute(
              "CREATE TABLE IF NOT EXISTS users (id "
                  + id
                  + ", username TEXT NOT NULL UNIQUE, email TEXT NOT NULL)");
          h.execute(
              "CREATE TABLE IF NOT EXISTS profiles (user_id BIGINT PRIMARY KEY REFERENCES"
                  + " users(id), image TEXT NOT NULL)");
        });
  }
}
