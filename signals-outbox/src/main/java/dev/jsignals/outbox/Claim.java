package dev.jsignals.outbox;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A row this relay claimed and has not finished: the lease it knows it holds, by its own monotonic
 * clock (the start of the last statement that set the lease, plus the lease: never later than the
 * deadline the database wrote), and whether the claim was found lost. Thread-safe.
 */
final class Claim {
  final OutboxRow row;
  private volatile long confirmedUntil;
  private volatile boolean lost;
  private final AtomicBoolean reported = new AtomicBoolean();

  Claim(OutboxRow row, long confirmedUntilNanos) {
    this.row = row;
    this.confirmedUntil = confirmedUntilNanos;
  }

  /** {@return the monotonic time (nanos) until which the database holds the lease at least} */
  long confirmedUntil() {
    return confirmedUntil;
  }

  void renewed(long untilNanos) {
    confirmedUntil = Math.max(confirmedUntil, untilNanos);
  }

  void lose() {
    lost = true;
  }

  boolean lost() {
    return lost;
  }

  /** {@return true the first time only: a lost claim is logged and counted once} */
  boolean report() {
    return reported.compareAndSet(false, true);
  }
}
