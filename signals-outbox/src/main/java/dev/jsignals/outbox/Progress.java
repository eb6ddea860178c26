package dev.jsignals.outbox;

import java.util.function.BooleanSupplier;

/**
 * Lets callers wait for the relay's progress: a relay thread that found nothing to claim, after it
 * finished what it had claimed before, wakes the waiters, which then read the database again (other
 * processes' relays finish rows too, so the database is the only truth). A relay still finding rows
 * wakes nobody: a waiter reading the database after every batch would open a connection per batch,
 * which on PostgreSQL costs about what the batch does. Thread-safe.
 */
final class Progress {
  private static final long RECHECK_NANOS = 50_000_000L;

  private final Object monitor = new Object();
  private long dryRuns;

  /**
   * Called by a relay thread whose claim found no row, once the rows of its earlier claims are
   * finished and counted.
   */
  void ranDry() {
    synchronized (monitor) {
      dryRuns++;
      monitor.notifyAll();
    }
  }

  /**
   * Waits until {@code drained} holds, reading it each time a relay thread of this process runs dry
   * and at least every 50 ms (rows finished by other processes), at most until {@code
   * deadlineNanos}.
   *
   * @return whether it held before the deadline
   */
  boolean await(BooleanSupplier drained, long deadlineNanos) throws InterruptedException {
    while (true) {
      long seen;
      synchronized (monitor) {
        seen = dryRuns;
      }
      if (drained.getAsBoolean()) {
        return true;
      }
      long left = deadlineNanos - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      synchronized (monitor) {
        if (dryRuns == seen) {
          long wait = Math.min(left, RECHECK_NANOS);
          monitor.wait(wait / 1_000_000, (int) (wait % 1_000_000));
        }
      }
    }
  }
}
