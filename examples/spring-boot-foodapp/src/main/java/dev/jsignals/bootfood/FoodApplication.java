package dev.jsignals.bootfood;

import dev.jsignals.jdbi.SqliteDataSources;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.context.annotation.Bean;

/**
 * The Food App as a Spring Boot web application. {@code POST /users} registers a user; a receiver
 * bean gives it a profile in the same transaction; a durable receiver sends the welcome mail
 * through the outbox after the commit. The database is a SQLite file ({@code foodapp.db}, default
 * {@code ./foodapp.db}) or the PostgreSQL database of {@code foodapp.db-url}.
 */
@SpringBootApplication
public class FoodApplication {

  /**
   * Runs the application.
   *
   * @param args Spring Boot's arguments, such as {@code --server.port=8081}
   */
  public static void main(String[] args) {
    SpringApplication.run(FoodApplication.class, args);
  }

  @Bean
  DataSource dataSource(
      @Value("${foodapp.db:foodapp.db}") String file, @Value("${foodapp.db-url:}") String url) {
    if (url.isBlank()) {
      return SqliteDataSources.file(Path.of(file)); // WAL, busy timeout, BEGIN IMMEDIATE
    }
    return DataSourceBuilder.create().url(url).build();
  }
}
