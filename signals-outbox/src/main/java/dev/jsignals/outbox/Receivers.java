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
    LEASE_LAPSED
  }

  /** The end of one delivery, with the receiver's failure when it threw. */
  record Result(End end, @Nullable Throwable failure) {}

  private final AtomicInteger count = new AtomicInteger();
  private final ExecutorService threads;
  private final Duration timeout;
  private final long margin;

  /** Receiver threads are named {@code jsignals-receiver-<owner>-<n>}. */
  Receivers(String owner, Duration timeout, Duration lease) {
    this.timeout = timeout;
    this.margin = lease.toNanos() / 10;
    this.threads =
        Executors.newCachedThreadPool(
            task -> {
              Thread thread =
                  new Thread(task, "jsignals-receiver-" + owner + "-" + count.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
  }

  Result run(DeliveryTarget target, Claim claim) throws InterruptedException {
    long timeoutAt = System.nanoTime() + timeout.toNanos();
    Future<?> call =
        threads.submit(
            () -> {
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

  void stop() {
    threads.shutdownNow();
  }
}
