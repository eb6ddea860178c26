package dev.jsignals.dispatch;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * The sends in progress on one thread, for the recursion guard, and the signals muted on it.
 * Confined to its thread: no synchronization.
 *
 * <p>A frame is three ints (signal id, identity hash of the sender, identity hash of the subject),
 * never references: this object lives long enough to reach the old generation, where every
 * reference store would pay the collector's write barrier on each send. The chain printed by {@link
 * RecursionStop} is collected as the exception unwinds instead.
 */
final class DispatchStack {
  private static final ThreadLocal<DispatchStack> CURRENT =
      ThreadLocal.withInitial(DispatchStack::new);
  private static final int STRIDE = 3;

  /** Mutes open on any thread: sends look for their thread's mutes only while one is. */
  private static final AtomicInteger ACTIVE_MUTES = new AtomicInteger();

  private int[] frames = new int[STRIDE * 8];
  private int depth;
  private Signal<?>[] muted = new Signal<?>[0];
  private SignalCapture<?>[] held = new SignalCapture<?>[0];
  private int mutedCount;

  static DispatchStack current() {
    return CURRENT.get();
  }

  /** {@return whether a mute is open on some thread} */
  static boolean anyMuted() {
    return ACTIVE_MUTES.get() != 0;
  }

  /** {@return the capture of the innermost mute of the signal on this thread, or null} */
  @Nullable SignalCapture<?> mutedBy(Signal<?> signal) {
    for (int i = mutedCount - 1; i >= 0; i--) {
      if (muted[i] == signal) {
        return held[i];
      }
    }
    return null;
  }

  void mute(Signal<?> signal, SignalCapture<?> capture) {
    if (mutedCount == muted.length) {
      muted = Arrays.copyOf(muted, Math.max(4, mutedCount * 2));
      held = Arrays.copyOf(held, muted.length);
    }
    ACTIVE_MUTES.incrementAndGet();
    held[mutedCount] = capture;
    muted[mutedCount++] = signal;
  }

  void unmute(Signal<?> signal) {
    for (int i = mutedCount - 1; i >= 0; i--) {
      if (muted[i] == signal) {
        System.arraycopy(muted, i + 1, muted, i, mutedCount - i - 1);
        System.arraycopy(held, i + 1, held, i, mutedCount - i - 1);
        held[mutedCount - 1] = null;
        ACTIVE_MUTES.decrementAndGet();
        muted[--mutedCount] = null;
        return;
      }
    }
  }

  /**
   * Pushes a frame for a send, after counting the sends of the same signal, sender and subject
   * already running on this thread.
   *
   * @return the depth to pass to {@link #exit}
   * @throws RecursionStop if the signal's limit of such sends are running
   */
  int enter(Signal<?> signal, Object sender, Object subject) {
    int maxDepth = signal.maxRecursionDepth();
    int senderHash = System.identityHashCode(sender);
    int subjectHash = System.identityHashCode(subject);
    int id = signal.id();
    int same = 0;
    int[] stack = frames;
    for (int i = 0, end = depth * STRIDE; i < end; i += STRIDE) {
      if (stack[i] == id && stack[i + 1] == senderHash && stack[i + 2] == subjectHash) {
        same++;
      }
    }
    if (same >= maxDepth) {
      throw new RecursionStop(signal.name(), sender, maxDepth);
    }
    int at = depth * STRIDE;
    if (at == stack.length) {
      frames = stack = Arrays.copyOf(stack, stack.length * 2);
    }
    stack[at] = id;
    stack[at + 1] = senderHash;
    stack[at + 2] = subjectHash;
    return depth++;
  }

  void exit(int frame) {
    depth = frame;
  }
}
