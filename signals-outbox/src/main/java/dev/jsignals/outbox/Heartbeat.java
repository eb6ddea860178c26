package dev.jsignals.outbox;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.jdbi.v3.core.Handle;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renews the leases of the rows a relay holds (claimed, not yet finished) every third of the lease,
 * so that a receiver running longer than the lease keeps its claim. Each renewal is a
 * compare-and-set on the claim's fencing token and the row's status, and sets the deadline by the
 * database's clock: a row another relay took over (or an operator skipped) is not renewed, and its
 * claim is marked lost, which stops its receiver. A renewal that does not get through (SQLite's
 * write lock held by another writer, the database unreachable) does not extend the lease this relay
 * knows it holds: its receiver is stopped before the lease ends at the database. Thread-safe.
 */
final class Heartbeat {
  private static final Logger log = LoggerFactory.getLogger(Outbox.class);

  private final Store store;
  private final String owner;
  private final Duration lease;
  private final Set<Claim> held = ConcurrentHashMap.newKeySet();
  private @Nullable ScheduledExecutorService timer;

  final LongAdder renewals = new LongAdder();

  Heartbeat(Store store, String owner, Duration lease) {
    this.store = store;
    this.owner = owner;
    this.lease = lease;
  }

  /** Starts renewing the lease of a freshly claimed row. */
  void hold(Claim claim) {
    held.add(claim);
    startIfNeeded();
  }

  /** Stops renewing the lease of a row that is finished (or abandoned). */
  void release(Claim claim) {
    held.remove(claim);
  }

  synchronized void stop() {
    if (timer != null) {
      timer.shutdownNow();
      timer = null;
    }
  }

  private synchronized void startIfNeeded() {
    if (timer != null) {
      return;
    }
    ScheduledExecutorService started =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "jsignals-heartbeat-" + owner);
              thread.setDaemon(true);
              return thread;
            });
    long every = Math.max(1, lease.toMillis() / 3);
    started.scheduleWithFixedDelay(this::beat, every, every, TimeUnit.MILLISECONDS);
    timer = started;
  }

  private void beat() {
    if (held.isEmpty()) {
      return;
    }
    try (Handle handle = store.jdbi().open()) {
      for (Claim claim : held) {
        long start = System.nanoTime();
        if (store.renew(handle, claim.row, lease)) {
          claim.renewed(start + lease.toNanos());
          renewals.increment();
        } else {
          claim.lose();
          held.remove(claim);
        }
      }
    } catch (RuntimeException e) {
      log.warn(
          "Outbox heartbeat: cannot renew the leases ({}); trying again", Failures.describe(e));
    }
  }
}
