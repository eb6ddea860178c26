package dev.jsignals.dispatch;

import java.util.List;

/** The handle of a receiver connected to several signals at once. */
record ConnectionGroup(List<Connection> connections) implements Connection {

  ConnectionGroup {
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
  public ConnectionInfo info() {
    return connections.get(0).info();
  }

  @Override
  public void close() {
    disconnect();
  }
}
