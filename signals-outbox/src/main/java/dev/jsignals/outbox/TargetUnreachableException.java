package dev.jsignals.outbox;

/**
 * Thrown by a {@link DeliveryTarget} when it could not reach what it delivers to (the mail server
 * refuses connections, the broker is down), as opposed to a failure of this one event. The relay
 * then gives the row back without counting the attempt and pauses the target (its circuit opens,
 * see docs/outbox.md), while other targets keep flowing. A {@link java.net.ConnectException},
 * {@link java.net.NoRouteToHostException} or {@link java.net.UnknownHostException} among a
 * failure's causes counts the same. Immutable.
 */
public class TargetUnreachableException extends Exception {
  private static final long serialVersionUID = 1L;

  /**
   * An outage of the target.
   *
   * @param message what could not be reached, for the log
   * @param cause the failure that showed it, or {@code null}
   */
  public TargetUnreachableException(String message, Throwable cause) {
    super(message, cause);
  }
}
