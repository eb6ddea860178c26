package dev.jsignals.core;

import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The sends in progress on one thread, for the recursion guard, and the signals muted on it.
 * Confined to its thread: no synchronization.
 */
final class DispatchStack {
  private static final ThreadLocal<DispatchStack> CURRENT =
      ThreadLocal.withInitial(DispatchStack::new);

  private Signal<?>[] signals = new Signal<?>[8];
  private Object[] senders = new Object[8];
  private @Nullable Object[] subjects = new Object[8];
  private @Nullable Entry[] receivers = new Entry[8];
  private int depth;
  private Signal<?>[] muted = new Signal<?>[0];
  private int mutedCount;

  static DispatchStack current() {
    return CURRENT.get();
  }

  boolean isMuted(Signal<?> signal) {
    for (int i = 0; i < mutedCount; i++) {
      if (muted[i] == signal) {
        return true;
      }
    }
    return false;
  }

  void mute(Signal<?> signal) {
    if (mutedCount == muted.length) {
      muted = Arrays.copyOf(muted, Math.max(4, mutedCount * 2));
    }
    muted[mutedCount++] = signal;
  }

  void unmute(Signal<?> signal) {
    for (int i = mutedCount - 1; i >= 0; i--) {
      if (muted[i] == signal) {
        System.arraycopy(muted, i + 1, muted, i, mutedCount - i - 1);
        muted[--mutedCount] = null;
        return;
      }
    }
  }

  /**
   * Pushes a frame for a send, after checking how often the same signal, sender and subject are
   * already being sent on this thread.
   *
   * @return the frame's index, for {@link #calling} and {@link #exit}
   */
  int enter(Signal<?> signal, Object sender, @Nullable Object subject, int maxDepth) {
    int same = 0;
    for (int i = 0; i < depth; i++) {
      if (signals[i] == signal && senders[i] == sender && Objects.equals(subjects[i], subject)) {
        same++;
      }
    }
    if (same >= maxDepth) {
      throw new SignalRecursionException(chain(signal, sender, maxDepth));
    }
    if (depth == signals.length) {
      int size = depth * 2;
      signals = Arrays.copyOf(signals, size);
      senders = Arrays.copyOf(senders, size);
      subjects = Arrays.copyOf(subjects, size);
      receivers = Arrays.copyOf(receivers, size);
    }
    signals[depth] = signal;
    senders[depth] = sender;
    subjects[depth] = subject;
    return depth++;
  }

  void calling(int frame, Entry receiver) {
    receivers[frame] = receiver;
  }

  void exit(int frame) {
    depth = frame;
    signals[frame] = null;
    senders[frame] = null;
    subjects[frame] = null;
    receivers[frame] = null;
  }

  private String chain(Signal<?> signal, Object sender, int maxDepth) {
    StringBuilder message =
        new StringBuilder("Signal '")
            .append(signal.name())
            .append("' was sent again for sender ")
            .append(Signal.describe(sender))
            .append(" and the same instance while ")
            .append(maxDepth)
            .append(" such sends were already running on this thread. A receiver re-sends the")
            .append(" signal it handles (for example, it saves the instance in post_save).")
            .append(" Save with updateFields, mute the signal around the nested write, or raise")
            .append(" the limit. Chain, outermost first:");
    for (int i = 0; i < depth; i++) {
      message.append("\n  ").append(i + 1).append(". ").append(signals[i].name());
      message.append(" (sender ").append(Signal.describe(senders[i])).append(")");
      Entry receiver = receivers[i];
      if (receiver != null) {
        message.append(" -> ").append(receiver.info.receiver());
      }
    }
    message
        .append("\n  ")
        .append(depth + 1)
        .append(". ")
        .append(signal.name())
        .append(" (sender ")
        .append(Signal.describe(sender))
        .append(") refused");
    return message.toString();
  }
}
