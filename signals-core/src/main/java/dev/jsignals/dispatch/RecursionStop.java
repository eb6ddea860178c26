package dev.jsignals.dispatch;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@link SignalException} of a send refused by the recursion guard; the chain grows as the
 * exception unwinds through the enclosing sends. Confined to the thread that throws it.
 */
final class RecursionStop extends SignalException {
  private static final long serialVersionUID = 1L;

  /** The signal sent once too often. */
  private final String signal;

  /** The sender of that send. */
  private final String sender;

  /** The limit that was reached. */
  private final int maxDepth;

  /** The enclosing sends, innermost first, as the exception unwound through them. */
  private final ArrayList<String> frames = new ArrayList<>();

  RecursionStop(String signal, Object sender, int maxDepth) {
    super(signal);
    this.signal = signal;
    this.sender = Names.sender(sender);
    this.maxDepth = maxDepth;
  }

  /** Records one enclosing send as the exception passes through it. */
  void addFrame(String signalName, Object sender, String receiver) {
    frames.add(signalName + " (sender " + Names.sender(sender) + ") -> " + receiver);
  }

  @Override
  public List<String> recursionChain() {
    List<String> chain = new ArrayList<>(frames.size() + 1);
    for (int i = frames.size() - 1; i >= 0; i--) {
      chain.add(frames.get(i));
    }
    chain.add(signal + " (sender " + sender + ") refused");
    return List.copyOf(chain);
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
    List<String> chain = recursionChain();
    for (int i = 0; i < chain.size(); i++) {
      message.append("\n  ").append(i + 1).append(". ").append(chain.get(i));
    }
    return message.toString();
  }
}
