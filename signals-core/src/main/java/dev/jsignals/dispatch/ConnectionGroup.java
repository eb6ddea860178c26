package dev.jsignals.dispatch;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** The handle of several connections at once; it describes itself by the first. */
record ConnectionGroup(List<Connection> connections) implements Connection {

  ConnectionGroup {
    Objects.requireNonNull(connections, "connections");
    for (int i = 0; i < connections.size(); i++) {
      Objects.requireNonNull(connections.get(i), "connections[" + i + "]");
    }
    if (connections.isEmpty()) {
      throw new IllegalArgumentException("A connection group needs at least one connection");
    }
    connections = List.copyOf(connections);
  }

  @Override
  public boolean disconnect() {
    boolean removed = false;
    for (Connection connection : connections) {
      removed |= connection.disconnect();
    }
    return removed;
  }

  @Override
  public boolean isConnected() {
    return connections.stream().anyMatch(Connection::isConnected);
  }

  @Override
  public boolean isDuplicate() {
    return connections.stream().allMatch(Connection::isDuplicate);
  }

  @Override
  public String signal() {
    return first().signal();
  }

  @Override
  public String receiver() {
    return first().receiver();
  }

  @Override
  public @Nullable Object sender() {
    return first().sender();
  }

  @Override
  public @Nullable String dispatchUid() {
    return first().dispatchUid();
  }

  @Override
  public boolean weak() {
    return first().weak();
  }

  @Override
  public String declaredAt() {
    return first().declaredAt();
  }

  @Override
  public void close() {
    disconnect();
  }

  @Override
  public String toString() {
    return connections.size() + " connections, first " + first();
  }

  private Connection first() {
    return connections.get(0);
  }
}
