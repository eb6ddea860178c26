package dev.jsignals.outbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import org.jdbi.v3.core.Handle;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Claims due rows and hands them to their targets: in relay threads, or in the caller's thread with
 * {@link #deliverDue()}. Thread-safe.
 */
final class Relay {
  private static final Logger log = LoggerFactory.getLogger(Outbox.class);

  private final Store store;
  private final Settings settings;
  private final Map<String, DeliveryTarget> targets;
  private final Heartbeat heartbeat;
  private final Object monitor = new Object();
  private final List<Thread> threads = new ArrayList<>();
  private boolean woken;
  private volatile boolean running;
  private volatile long lastPurge;

  final LongAdder attempts = new LongAdder();
  final LongAdder delivered = new LongAdder();
  final LongAdder failed = new LongAdder();
  final LongAdder fenced = new LongAdder();

  Relay(Store store, Settings settings, Map<String, DeliveryTarget> targets) {
    this.store = store;
    this.settings = settings;
    this.targets = targets;
    this.heartbeat = new Heartbeat(store, settings.lease());
  }

  /** Wakes the relay threads: rows were just committed. */
  void wake() {
    synchronized (monitor) {
      woken = true;
      monitor.notifyAll();
    }
  }

  synchronized void start() {
    if (running) {
      return;
    }
    running = true;
    for (int i = 0; i < settings.relayThreads(); i++) {
      Thread thread = new Thread(this::loop, "jsignals-relay-" + i);
      thread.setDaemon(true);
      threads.add(thread);
      thread.start();
    }
  }

  boolean running() {
    return running;
  }

  synchronized void stop(Duration wait) throws InterruptedException {
    running = false;
    wake();
    long deadline = System.nanoTime() + wait.toNanos();
    for (Thread thread : threads) {
      thread.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
    }
    threads.clear();
    heartbeat.stop();
  }

  /** Delivers every row due now, in the caller's thread; returns how many were delivered. */
  int deliverDue() {
    int count = 0;
    try (Handle handle = store.jdbi().open()) {
      while (true) {
        List<OutboxRow> rows = claim(handle);
        if (rows.isEmpty()) {
          return count;
        }
        count += deliverAll(handle, rows);
      }
    }
  }

  /**
   * Delivers a claimed batch in order. The heartbeat renews the leases of the rows not finished
   * yet, and forgets them all if the batch is abandoned (the connection failed).
   */
  private int deliverAll(Handle handle, List<OutboxRow> rows) {
    heartbeat.hold(rows);
    int count = 0;
    try {
      for (OutboxRow row : rows) {
        try {
          count += deliver(handle, row) ? 1 : 0;
        } finally {
          heartbeat.release(List.of(row));
        }
      }
    } finally {
      heartbeat.release(rows);
    }
    return count;
  }

  long renewals() {
    return heartbeat.renewals.sum();
  }

  private List<OutboxRow> claim(Handle handle) {
    return store.claim(
        handle, settings.owner(), targets.keySet(), settings.batchSize(), settings.lease());
  }

  /**
   * A relay thread: one connection for its claims and completions (never inside a transaction while
   * a receiver runs), reopened after a failure.
   */
  private void loop() {
    Handle handle = null;
    while (running) {
      try {
        if (handle == null) {
          handle = store.jdbi().open();
        }
        List<OutboxRow> rows = claim(handle);
        deliverAll(handle, rows);
        purge(handle);
        if (rows.isEmpty()) {
          await();
        }
      } catch (RuntimeException e) {
        log.warn(
            "Outbox relay {}: cannot reach the outbox ({}); trying again",
            settings.owner(),
            e.toString());
        close(handle);
        handle = null;
        await();
      }
    }
    close(handle);
  }

  private static void close(@Nullable Handle handle) {
    if (handle != null) {
      try {
        handle.close();
      } catch (RuntimeException e) {
        log.debug("Closing a relay connection failed", e);
      }
    }
  }

  private void await() {
    synchronized (monitor) {
      if (!woken && running) {
        try {
          monitor.wait(settings.pollInterval().toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          running = false;
        }
      }
      woken = false;
    }
  }

  private void purge(Handle handle) {
    long now = System.currentTimeMillis();
    if (settings.keepDelivered().isZero() || now - lastPurge < settings.pollInterval().toMillis()) {
      return;
    }
    lastPurge = now;
    store.purge(handle, settings.keepDelivered());
  }

  /** Delivers one claimed row and records the outcome, fenced by the claim's token. */
  private boolean deliver(Handle handle, OutboxRow row) {
    attempts.increment();
    DeliveryTarget target = targets.get(row.receiver());
    Exception failure = null;
    try {
      if (target == null) {
        throw new IllegalStateException("no durable receiver '" + row.receiver() + "' here");
      }
      target.deliver(row);
    } catch (Exception e) {
      failure = e;
    }
    if (failure == null) {
      if (store.complete(handle, row, settings.keepDelivered())) {
        delivered.increment();
        return true;
      }
      lost(row);
      return false;
    }
    failed.increment();
    long delay = backoff(row.attempts());
    boolean dead = row.attempts() >= settings.maxAttempts();
    if (!store.fail(
        handle,
        row,
        String.valueOf(failure),
        System.currentTimeMillis() + delay,
        settings.maxAttempts())) {
      lost(row);
    } else if (dead) {
      log.error(
          "Outbox row {} (receiver {}, {} {}) is dead after {} attempts: {}; its key waits until"
              + " it is retried or skipped",
          row.id(),
          row.receiver(),
          row.model(),
          row.key(),
          row.attempts(),
          failure.toString());
    } else {
      log.warn(
          "Outbox row {} (receiver {}) failed attempt {} of {}: {}; next attempt in {} ms",
          row.id(),
          row.receiver(),
          row.attempts(),
          settings.maxAttempts(),
          failure.toString(),
          delay);
    }
    return false;
  }

  private void lost(OutboxRow row) {
    fenced.increment();
    log.warn(
        "Outbox row {} (receiver {}): this relay's claim ended and another relay took the row"
            + " over; the outcome of this attempt is not recorded",
        row.id(),
        row.receiver());
  }

  /** Exponential backoff with jitter: between half and all of base * 2^(attempt - 1), capped. */
  long backoff(int attempt) {
    long base = settings.backoff().toMillis();
    long cap = settings.maxBackoff().toMillis();
    long full = (long) Math.min((double) cap, base * Math.pow(2, Math.max(0, attempt - 1)));
    long half = full / 2;
    return half + ThreadLocalRandom.current().nextLong(full - half + 1);
  }
}
