package dev.jsignals.outbox;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * Runs each receiver call in a thread of its own, under a deadline: the delivery timeout (by
 * default the lease), and the lease this relay knows it holds (a renewal that did not get through,
 * or a claim found lost, ends it early, a tenth of the lease before the database's deadline). At
 * the deadline the receiver is interrupted and the relay goes on; a receiver that ignores the
 * interrupt keeps its thread, never the relay's. Thread-safe.
 */
final class Receivers {
  /** Why a delivery ended. */
  enum End {
    RETURNED,
    THREW,
    TIMED_OUT,
    LEASE_LAPSED,
    /** Not called: less than a quarter of the lease was left when it would have started. */
    NOT_STARTED
  }

  /** The end of one delivery, with the receiver's failure when it threw. */
  record Result(End end, @Nullable Throwable failure) {}

  private final AtomicInteger count = new AtomicInteger();
  private final ExecutorService threads =
      Executors.newCachedThreadPool(
          task -> {
            Thread thread = new Thread(task, "jsignals-receiver-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
          });
  private final Duration timeout;
  private final long margin;
  private final long startMargin;

  Receivers(Duration timeout, Duration lease) {
    this.timeout = timeout;
    this.margin = lease.toNanos() / 10;
    this.startMargin = lease.toNanos() / 4;
  }

  Result run(DeliveryTarget target, Claim claim) throws InterruptedException {
    long timeoutAt = System.nanoTime() + timeout.toNanos();
    if (tooLateToStart(claim)) {
      return new Result(End.NOT_STARTED, null);
    }
    Future<?> call =
        threads.submit(
            () -> {
              // A thread starved of CPU may start late, even after the lease: then another relay
              // may
              // hold the row already, and the receiver must not begin a second delivery beside it.
              if (tooLateToStart(claim)) {
                throw new NotStarted();
              }
              target.deliver(claim.row);
              return null;
            });
    while (true) {
      long now = System.nanoTime();
      long leaseEnd = claim.lost() ? now : claim.confirmedUntil() - margin;
      long wait = Math.min(timeoutAt, leaseEnd) - now;
      if (wait <= 0) {
        call.cancel(true);
        return new Result(timeoutAt - leaseEnd <= 0 ? End.TIMED_OUT : End.LEASE_LAPSED, null);
      }
      try {
        call.get(Math.min(wait, TimeUnit.MILLISECONDS.toNanos(100)), TimeUnit.NANOSECONDS);
        return new Result(End.RETURNED, null);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof NotStarted) {
          return new Result(End.NOT_STARTED, null);
        }
        return new Result(End.THREW, e.getCause());
      } catch (CancellationException e) {
        return new Result(End.THREW, e);
      } catch (TimeoutException e) {
        // look at the deadlines again: a renewal may have moved the lease
      } catch (InterruptedException e) {
        call.cancel(true);
        throw e;
      }
    }
  }

  /**
   * Whether too little of the lease this relay knows it holds is left to start a receiver (less
   * than a quarter: a receiver cut at the lease's end just after it began would deliver twice for
   * nothing), or the claim is lost.
   */
  private boolean tooLateToStart(Claim claim) {
    return claim.lost() || claim.confirmedUntil() - startMargin - System.nanoTime() <= 0;
  }

  /** The receiver was not called: too little of the lease was left when its thread started. */
  private static final class NotStarted extends Exception {
    private static final long serialVersionUID = 1L;

    NotStarted() {
      super(null, null, false, false);
    }
  }

  void stop() {
    threads.shutdownNow();
  }
}
