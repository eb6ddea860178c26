package dev.jsignals.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One statement, prepared once per database connection and reused by every execution on that
 * connection: the SQLite driver has no statement cache, so a statement prepared per write parses
 * and plans its text each time.
 *
 * <p>Connections are keyed by the driver's own connection (a pool's wrapper is unwrapped, as a pool
 * hands out a new wrapper per borrow). A statement is dropped when its connection or itself is
 * found closed, which is looked for whenever a connection without a statement comes: entries never
 * outnumber the connections the outbox has seen open since the last such look.
 *
 * <p>Thread-safe: the map is concurrent, and each statement is used only on its connection, which
 * JDBC confines to one thread at a time.
 */
final class PreparedStatements {
  private final String sql;
  private final Map<Connection, PreparedStatement> prepared = new ConcurrentHashMap<>();

  PreparedStatements(String sql) {
    this.sql = sql;
  }

  /** {@return the statement on this connection}, prepared now if it has none. */
  PreparedStatement on(Connection given) throws SQLException {
    Connection connection = driverConnection(given);
    PreparedStatement statement = prepared.get(connection);
    if (statement != null && !statement.isClosed()) {
      return statement;
    }
    prepared.entrySet().removeIf(e -> closed(e.getKey()) || closed(e.getValue()));
    statement = connection.prepareStatement(sql);
    prepared.put(connection, statement);
    return statement;
  }

  /** {@return how many connections hold a statement} */
  int size() {
    return prepared.size();
  }

  private static Connection driverConnection(Connection connection) {
    try {
      return connection.isWrapperFor(Connection.class)
          ? connection.unwrap(Connection.class)
          : connection;
    } catch (SQLException e) {
      return connection;
    }
  }

  private static boolean closed(AutoCloseable resource) {
    try {
      return resource instanceof Connection c
          ? c.isClosed()
          : ((PreparedStatement) resource).isClosed();
    } catch (SQLException e) {
      return true;
    }
  }
}
