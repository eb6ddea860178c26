package dev.jsignals.core;

/**
 * Thrown by a send when receivers re-send the same signal for the same sender and instance deeper
 * than the signal's limit: the classic {@code save()} inside a {@code post_save} receiver. The
 * message prints the chain of signals and receivers, outermost first.
 */
public final class SignalRecursionException extends SignalException {
  private static final long serialVersionUID = 1L;

  SignalRecursionException(String message) {
    super(message);
  }
}
