package dev.jsignals.dispatch;

/**
 * The handle of one connection of a receiver to a {@link Signal}.
 *
 * <p>Closing it disconnects the receiver, so a connection can be scoped with try-with-resources.
 * Handles are thread-safe; disconnecting twice is harmless.
 */
public interface Connection extends AutoCloseable {

  /**
   * Disconnects this connection. Sends that have already started still call the receiver; sends
   * that start afterwards do not.
   *
   * @return {@code true} if this call removed the connection, {@code false} if it was already gone
   *     or if this handle was returned for a {@linkplain #isDuplicate() duplicate} connect
   */
  boolean disconnect();

  /**
   * Tells whether the connection is still in place (a weak connection whose owner was collected is
   * not).
   *
   * @return whether the receiver would be called by the next matching send; for a {@linkplain
   *     #isDuplicate() duplicate} handle, whether the first connection is
   */
  boolean isConnected();

  /**
   * Tells whether the connect that returned this handle found an equal connection already in place
   * and did nothing. Such a handle describes the first connection but cannot disconnect it.
   *
   * @return {@code true} for the handle of a connect that changed nothing
   */
  boolean isDuplicate();

  /**
   * Describes the connection.
   *
   * @return the receiver's name, sender, uid and origin
   */
  ConnectionInfo info();

  /** Same as {@link #disconnect()}. */
  @Override
  void close();
}
