package dev.jsignals.outbox;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
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
    /**
     * Not called: its target was paused when its turn came, or less than a quarter of the lease was
     * left when it would have started.
     */
    NOT_STARTED
  }

  /** The end of one delivery, with the receiver's failure when it threw. */
  record Result(End end, @Nullable Throwable failure) {}

  private final AtomicInteger count = new AtomicInteger();
  private final ExecutorService threads;
  private final Duration timeout;
  private final long margin;
  private final long startMargin;

  /** Receiver threads are named {@code jsignals-receiver-<owner>-<n>}. */
  Receivers(String owner, Duration timeout, Duration lease) {
    this.timeout = timeout;
    this.margin = lease.toNanos() / 10;
    this.startMargin = lease.toNanos() / 4;
    this.threads =
        Executors.newCachedThreadPool(
            task -> {
              Thread thread =
                  new Thread(task, "jsignals-receiver-" + owner + "-" + count.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
  }

  /** Runs one job alone: {@link #runAll} of that job. */
  Result run(DeliveryTarget target, Claim claim) throws InterruptedException {
    return runAll(List.of(new Job(target, claim)), 1, job -> true).get(0);
  }

  /** One row to hand to its target. */
  record Job(DeliveryTarget target, Claim claim) {}

  /**
   * Runs the jobs, up to {@code parallelism} at once, each in a thread of its own under its own
   * deadlines (checked at least every 100 ms, and whenever a job ends). A job not started yet when
   * {@code mayStart} refuses it ends {@link End#NOT_STARTED}. If the caller is interrupted, every
   * running receiver is interrupted too.
   *
   * @return the results, in the order of the jobs
   */
  List<Result> runAll(List<Job> jobs, int parallelism, Predicate<Job> mayStart)
      throws InterruptedException {
    int n = jobs.size();
    Result[] results = new Result[n];
    Future<?>[] calls = new Future<?>[n];
    CompletableFuture<?>[] ends = new CompletableFuture<?>[n];
    long[] timeoutAt = new long[n];
    BlockingQueue<Integer> finished = new LinkedBlockingQueue<>();
    int next = 0;
    int running = 0;
    int done = 0;
    try {
      while (done < n) {
        while (running < parallelism && next < n) {
          int i = next++;
          Job job = jobs.get(i);
          if (!mayStart.test(job) || tooLateToStart(job.claim())) {
            results[i] = new Result(End.NOT_STARTED, null);
            done++;
            continue;
          }
          CompletableFuture<Void> end = new CompletableFuture<>();
          ends[i] = end;
          timeoutAt[i] = System.nanoTime() + timeout.toNanos();
          calls[i] =
              threads.submit(
                  () -> {
                    try {
                      // A thread starved of CPU may start late, even after the lease: then another
                      // relay may hold the row already, and the receiver must not begin a second
                      // delivery beside it.
                      if (tooLateToStart(job.claim())) {
                        throw new NotStarted();
                      }
                      job.target().deliver(job.claim().row);
                      end.complete(null);
                    } catch (Throwable e) {
                      end.completeExceptionally(e);
                    } finally {
                      finished.add(i);
                    }
                  });
          running++;
        }
        long now = System.nanoTime();
        long wake = now + TimeUnit.MILLISECONDS.toNanos(100);
        for (int i = 0; i < next; i++) {
          if (results[i] != null) {
            continue;
          }
          Claim claim = jobs.get(i).claim();
          if (ends[i].isDone()) {
            results[i] = result(ends[i]);
          } else {
            long leaseEnd = claim.lost() ? now : claim.confirmedUntil() - margin;
            long deadline = Math.min(timeoutAt[i], leaseEnd);
            if (deadline - now > 0) {
              wake = Math.min(wake, deadline);
              continue;
            }
            calls[i].cancel(true);
            results[i] =
                new Result(timeoutAt[i] - leaseEnd <= 0 ? End.TIMED_OUT : End.LEASE_LAPSED, null);
          }
          done++;
          running--;
        }
        if (running > 0 && (next == n || running >= parallelism)) {
          finished.poll(Math.max(0, wake - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
      }
    } catch (InterruptedException e) {
      for (int i = 0; i < next; i++) {
        if (calls[i] != null && results[i] == null) {
          calls[i].cancel(true);
        }
      }
      throw e;
    }
    return Arrays.asList(results);
  }

  private static Result result(CompletableFuture<?> end) {
    try {
      end.join();
      return new Result(End.RETURNED, null);
    } catch (CompletionException e) {
      if (e.getCause() instanceof NotStarted) {
        return new Result(End.NOT_STARTED, null);
      }
      return new Result(End.THREW, e.getCause());
    } catch (CancellationException e) {
      return new Result(End.THREW, e);
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
