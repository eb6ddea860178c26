package dev.jsignals.dispatch;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One connection of a receiver to a {@link Signal}: the handle a connect returns, an element of
 * {@link Signal#connections()}, and the receiver of a {@link Response}. It describes the connection
 * (signal, receiver name, sender, uid, origin) and can end it.
 *
 * <p>Closing it disconnects the receiver, so a connection can be scoped with try-with-resources.
 * Handles are immutable apart from the connected state and thread-safe; disconnecting twice is
 * harmless. A handle holds its receiver (weakly for a weak connection) but never its sender
 * strongly beyond what the connection itself holds.
 */
public interface Connection extends AutoCloseable {

  /**
   * Makes one handle of several connections: disconnecting or closing it disconnects each of them.
   * It describes itself by the first connection.
   *
   * @param connections the connections, at least one
   * @return the handle
   * @throws IllegalArgumentException if {@code connections} is empty
   * @throws NullPointerException if the list or an element is null
   */
  static Connection group(List<? extends Connection> connections) {
    return new ConnectionGroup(new ArrayList<>(connections));
  }

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

  /** {@return the name of the signal} */
  String signal();

  /**
   * {@return a readable name of the receiver: {@code com.example.Receivers#onSave} for an annotated
   * method, {@code lambda@} and the connect call site for a lambda, else the receiver's class}
   */
  String receiver();

  /** {@return the sender the receiver listens to, or {@code null} for any sender} */
  @Nullable Object sender();

  /** {@return the uid given at connect time, or {@code null}} */
  @Nullable String dispatchUid();

  /** {@return whether the receiver's owner is held weakly} */
  boolean weak();

  /**
   * {@return where the connection was made ({@code Class.method(File.java:42)}), or the annotated
   * method}
   */
  String declaredAt();

  /** Same as {@link #disconnect()}. */
  @Override
  void close();
}
