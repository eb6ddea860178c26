package dev.jsignals.dispatch;

import java.util.ArrayList;

/**
 * Thrown by a send when receivers re-send the same signal for the same sender and instance deeper
 * than the signal's limit: the classic {@code save()} inside a {@code post_save} receiver. The
 * message prints the chain of signals and receivers, outermost first. It passes through {@link
 * Signal#sendRobust} too: it reports a bug, not a receiver's failure.
 *
 * <p>Sends are compared by signal, sender identity and subject identity (the model instance of a
 * model signal; see {@link Signal#create(String, Class, int, java.util.function.Function)}).
 */
public final class SignalRecursionException extends SignalException {
  private static final long serialVersionUID = 1L;

  /** The signal sent once too often. */
  private final String signal;

  /** The sender of that send. */
  private final String sender;

  /** The limit that was reached. */
  private final int maxDepth;

  /** The enclosing sends, innermost first, as the exception unwound through them. */
  private final ArrayList<String> chain = new ArrayList<>();

  SignalRecursionException(String signal, Object sender, int maxDepth) {
    super(signal);
    this.signal = signal;
    this.sender = Signal.describe(sender);
    this.maxDepth = maxDepth;
  }

  /** Records one enclosing send as the exception passes through it. */
  void addFrame(String signalName, Object sender, String receiver) {
    chain.add(signalName + " (sender " + Signal.describe(sender) + ") -> " + receiver);
  }

  @Override
  public String getMessage() {
    StringBuilder message =
        new StringBuilder("Signal '")
            .append(signal)
            .append("' was sent again for sender ")
            .append(sender)
            .append(" and the same instance while ")
            .append(maxDepth)
            .append(" such sends were already running on this thread. A receiver re-sends the")
            .append(" signal it handles (for example, it saves the instance in post_save).")
            .append(" Save with updateFields, mute the signal around the nested write, or raise")
            .append(" the limit. Chain, outermost first:");
    for (int i = chain.size() - 1, n = 1; i >= 0; i--, n++) {
      message.append("\n  ").append(n).append(". ").append(chain.get(i));
    }
    return message
        .append("\n  ")
        .append(chain.size() + 1)
        .append(". ")
        .append(signal)
        .append(" (sender ")
        .append(sender)
        .append(") refused")
        .toString();
  }
}
