package dev.jsignals.outbox;

import java.util.function.BooleanSupplier;

/**
 * Lets callers wait for the relay's progress: each finished batch wakes the waiters, which then
 * read the database again (other processes' relays finish rows too, so the database is the only
 * truth). Thread-safe.
 */
final class Progress {
  private static final long RECHECK_NANOS = 50_000_000L;

  private final Object monitor = new Object();
  private long batches;

  /** Called by a relay after it finished a batch. */
  void advanced() {
    synchronized (monitor) {
      batches++;
      monitor.notifyAll();
    }
  }

  /**
   * Waits until {@code drained} holds, reading it after each batch this process finishes and at
   * least every 50 ms (rows finished by other processes), at most until {@code deadlineNanos}.
   *
   * @return whether it held before the deadline
   */
  boolean await(BooleanSupplier drained, long deadlineNanos) throws InterruptedException {
    while (true) {
      long seen;
      synchronized (monitor) {
        seen = batches;
      }
      if (drained.getAsBoolean()) {
        return true;
      }
      long left = deadlineNanos - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      synchronized (monitor) {
        if (batches == seen) {
          long wait = Math.min(left, RECHECK_NANOS);
          monitor.wait(wait / 1_000_000, (int) (wait % 1_000_000));
        }
      }
    }
  }
}
