package dev.jsignals.dispatch;

import org.jspecify.annotations.Nullable;

/**
 * What one receiver gave back for one send: Django's {@code (receiver, response)} pair.
 *
 * @param receiver the connection that was called
 * @param value what a responder ({@link Signal#connectResponder}) returned; {@code null} for a
 *     plain {@link Listener}
 * @param error the exception the receiver threw, recorded by {@link Signal#sendRobust}; {@code
 *     null} when it returned normally
 */
public record Response(Connection receiver, @Nullable Object value, @Nullable Exception error) {

  /**
   * Tells whether the receiver threw.
   *
   * @return {@code true} if {@link #error()} is set
   */
  public boolean failed() {
    return error != null;
  }
}
