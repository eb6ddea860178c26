package dev.jsignals.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jsignals.jdbi.SqliteDataSources;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The outbox's insert is prepared once per connection, and forgotten with its connection. */
class PreparedStatementsTest {
  @TempDir Path dir;

  @Test
  void aConnectionReusesItsStatementAndAClosedConnectionsStatementIsDropped() throws Exception {
    DataSource source = SqliteDataSources.file(dir.resolve("statements.db"));
    PreparedStatements statements = new PreparedStatements("SELECT 1");
    try (Connection first = source.getConnection()) {
      PreparedStatement statement = statements.on(first);
      assertThat(statements.on(first)).isSameAs(statement);
      try (Connection second = source.getConnection()) {
        assertThat(statements.on(second)).isNotSameAs(statement);
        assertThat(statements.size()).isEqualTo(2);
      }
    }
    try (Connection third = source.getConnection()) {
      statements.on(third);
      assertThat(statements.size()).isEqualTo(1);
    }
  }
}
