package dev.jsignals.dispatch;

import java.util.List;

/**
 * A failure of a send that is not simply a receiver's unchecked exception: a checked exception a
 * receiver threw during {@link Signal#send} (the message names the receiver, {@link #getCause()} is
 * what it threw), a send refused by the recursion guard, or a misuse of the library detected at run
 * time.
 *
 * <p><b>Recursion.</b> When receivers re-send the same signal for the same sender and subject
 * deeper than the signal's limit (the classic {@code save()} inside a {@code post_save} receiver),
 * the send is refused with an exception whose {@link #recursionChain()} lists the sends that led
 * there, outermost first; the message prints the same chain. It passes through {@link
 * Signal#sendRobust(Object, Object)} too: it reports a bug, not a receiver's failure.
 *
 * <p>Instances are not shared between threads by the library.
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

  /**
   * The sends that led to a send refused by the recursion guard, outermost first, each as {@code
   * signal (sender S) -> receiver}, the last one the refused send itself.
   *
   * @return the chain, or an empty list if this exception is not a recursion stop
   */
  public List<String> recursionChain() {
    return List.of();
  }
}
