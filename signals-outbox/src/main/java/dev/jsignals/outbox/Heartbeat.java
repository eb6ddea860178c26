package dev.jsignals.outbox;

import java.time.Duration;
import java.util.List;
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
 * so that a receiver running longer than the lease keeps its claim. Each renewal presents the
 * claim's fencing token: a row another relay took over is not renewed, and is dropped from the held
 * rows. A relay that is paused (a long GC, a stopped process) does not renew either, so its rows
 * are taken over when the lease ends, as before. Thread-safe.
 */
final class Heartbeat {
  private static final Logger log = LoggerFactory.getLogger(Outbox.class);

  private final Store store;
  private final Duration lease;
  private final Set<OutboxRow> held = ConcurrentHashMap.newKeySet();
  private @Nullable ScheduledExecutorService timer;

  final LongAdder renewals = new LongAdder();

  Heartbeat(Store store, Duration lease) {
    this.store = store;
    this.lease = lease;
  }

  /** Starts renewing the leases of freshly claimed rows. */
  void hold(List<OutboxRow> rows) {
    if (!rows.isEmpty()) {
      held.addAll(rows);
      startIfNeeded();
    }
  }

  /** Stops renewing the leases of rows that are finished (or abandoned). */
  void release(List<OutboxRow> rows) {
    rows.forEach(held::remove);
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
              Thread thread = new Thread(task, "jsignals-outbox-heartbeat");
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
      long until = System.currentTimeMillis() + lease.toMillis();
      for (OutboxRow row : held) {
        if (store.renew(handle, row, until)) {
          renewals.increment();
        } else {
          held.remove(row);
        }
      }
    } catch (RuntimeException e) {
      log.warn("Outbox heartbeat: cannot renew the leases ({}); trying again", e.toString());
    }
  }
}
