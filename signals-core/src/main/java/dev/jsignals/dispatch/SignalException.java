package dev.jsignals.dispatch;

/**
 * A checked exception thrown by a receiver during {@link Signal#send}, or a misuse of the library
 * detected at run time. The message names the receiver at fault; {@link #getCause()} is what it
 * threw.
 */
public class SignalException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what went wrong, naming the receiver or the argument at fault
   * @param cause the exception a receiver threw, or {@code null}
   */
  public SignalException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * Creates an exception without a cause.
   *
   * @param message what went wrong, naming the receiver or the argument at fault
   */
  public SignalException(String message) {
    super(message);
  }
}
