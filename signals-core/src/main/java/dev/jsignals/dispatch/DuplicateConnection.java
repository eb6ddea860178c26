package dev.jsignals.dispatch;

import org.jspecify.annotations.Nullable;

/**
 * The handle returned by a connect that found an equal connection in place: it describes the first
 * connection but cannot end it. Immutable; thread-safe.
 */
record DuplicateConnection(Entry first) implements Connection {
  @Override
  public boolean disconnect() {
    return false;
  }

  /** Tells whether the first connection, the one this connect found, is still in place. */
  @Override
  public boolean isConnected() {
    return first.isConnected();
  }

  @Override
  public String signal() {
    return first.signal();
  }

  @Override
  public String receiver() {
    return first.receiver();
  }

  @Override
  public @Nullable Object sender() {
    return first.sender();
  }

  @Override
  public @Nullable String dispatchUid() {
    return first.dispatchUid();
  }

  @Override
  public boolean weak() {
    return first.weak();
  }

  @Override
  public String declaredAt() {
    return first.declaredAt();
  }

  @Override
  public boolean isDuplicate() {
    return true;
  }

  @Override
  public void close() {}

  @Override
  public String toString() {
    return first + " [duplicate connect]";
  }
}
