package dev.jsignals.outbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
  private final Receivers receivers;
  private final Circuits circuits;
  private final Outcomes outcomes;
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
    this.receivers = new Receivers(settings.deliveryTimeout(), settings.lease());
    this.circuits =
        new Circuits(
            settings.backoff(), Outcomes.min(settings.maxBackoff(), Duration.ofMinutes(5)));
    this.outcomes = new Outcomes(store, settings, circuits, failed, fenced);
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
    receivers.stop();
  }

  /** Delivers every row due now, in the caller's thread; reports what happened. */
  DeliveryReport deliverDue() {
    DeliveryReport report = new DeliveryReport(0, 0, 0, 0, 0);
    try (Handle handle = store.jdbi().open()) {
      while (true) {
        List<Claim> claims = claim(handle);
        if (claims.isEmpty()) {
          return report;
        }
        report = report.plus(deliverAll(handle, claims));
      }
    }
  }

  /**
   * Delivers a claimed batch in order. The heartbeat renews the leases of the rows not finished
   * yet. Rows of a target found unreachable in this batch are given back untried.
   */
  private DeliveryReport deliverAll(Handle handle, List<Claim> claims) {
    claims.forEach(heartbeat::hold);
    int[] ends = new int[Outcomes.Outcome.values().length];
    try {
      for (Claim claim : claims) {
        try {
          ends[deliver(handle, claim).ordinal()]++;
        } finally {
          heartbeat.release(claim);
        }
      }
    } finally {
      claims.forEach(heartbeat::release);
    }
    return new DeliveryReport(
        ends[Outcomes.Outcome.DELIVERED.ordinal()],
        ends[Outcomes.Outcome.FAILED.ordinal()],
        ends[Outcomes.Outcome.DEAD.ordinal()],
        ends[Outcomes.Outcome.DEFERRED.ordinal()],
        ends[Outcomes.Outcome.LOST.ordinal()]);
  }

  long renewals() {
    return heartbeat.renewals.sum();
  }

  private List<Claim> claim(Handle handle) {
    long start = System.nanoTime();
    List<OutboxRow> rows =
        store.claim(
            handle,
            settings.owner(),
            circuits.claimable(targets.keySet()),
            settings.batchSize(),
            settings);
    List<Claim> claims = new ArrayList<>(rows.size());
    for (OutboxRow row : rows) {
      claims.add(new Claim(row, start + settings.lease().toNanos()));
    }
    return claims;
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
        List<Claim> claims = claim(handle);
        deliverAll(handle, claims);
        purge(handle);
        if (claims.isEmpty()) {
          await();
        }
      } catch (RuntimeException e) {
        log.warn(
            "Outbox relay {}: cannot reach the outbox ({}); trying again",
            settings.owner(),
            Failures.describe(e));
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

  /** Delivers one claimed row and records the outcome: one compare-and-set on its claim. */
  private Outcomes.Outcome deliver(Handle handle, Claim claim) {
    OutboxRow row = claim.row;
    DeliveryTarget target = targets.get(row.receiver());
    long paused = circuits.pausedFor(row.receiver());
    if (paused > 0) {
      // Its target was found unreachable earlier in this batch: give the row back untried.
      return store.release(handle, row, null, paused)
          ? Outcomes.Outcome.DEFERRED
          : outcomes.lost(claim);
    }
    attempts.increment();
    Receivers.Result result;
    if (target == null) {
      result =
          new Receivers.Result(
              Receivers.End.THREW,
              new IllegalStateException("no durable receiver '" + row.receiver() + "' here"));
    } else {
      try {
        for (int tries = 1; ; tries++) {
          if (claim.confirmedUntil() - System.nanoTime() < settings.lease().toNanos() / 2) {
            // The claim waited long (for SQLite's lock, or behind earlier rows of its batch), or
            // the receiver's thread could not start in time: renew before the receiver starts
            // rather than stop it at once.
            long start = System.nanoTime();
            if (store.renew(handle, row, settings.lease())) {
              claim.renewed(start + settings.lease().toNanos());
            } else {
              return outcomes.lost(claim);
            }
          }
          result = receivers.run(target, claim);
          if (result.end() != Receivers.End.NOT_STARTED) {
            break;
          }
          if (tries == 3) {
            // Starved of CPU each time: give the row back untried rather than burn an attempt.
            return store.release(handle, row, null, 0)
                ? Outcomes.Outcome.DEFERRED
                : outcomes.lost(claim);
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        running = false;
        return store.release(handle, row, null, 0)
            ? Outcomes.Outcome.DEFERRED
            : outcomes.lost(claim);
      }
    }
    if (claim.lost()) {
      return outcomes.lost(claim);
    }
    switch (result.end()) {
      case RETURNED:
        if (store.complete(handle, row, settings.keepDelivered())) {
          delivered.increment();
          circuits.closed(row.receiver());
          return Outcomes.Outcome.DELIVERED;
        }
        return outcomes.lost(claim);
      case TIMED_OUT:
        return outcomes.failed(
            handle,
            claim,
            "receiver exceeded its lease of "
                + Outcomes.seconds(settings.deliveryTimeout())
                + " s");
      case LEASE_LAPSED:
        return outcomes.failed(
            handle,
            claim,
            "receiver stopped: its lease of "
                + Outcomes.seconds(settings.lease())
                + " s could not be renewed in time");
      default:
        Throwable failure = result.failure();
        if (failure != null && Failures.unreachable(failure)) {
          return outcomes.unreachable(handle, claim, Failures.describe(failure));
        }
        return outcomes.failed(
            handle, claim, failure == null ? "failed" : Failures.describe(failure));
    }
  }

  Settings settings() {
    return settings;
  }

  /** The full backoff after attempt {@code attempt}: base * 2^(attempt - 1), capped. */
  long fullBackoff(int attempt) {
    return outcomes.fullBackoff(attempt);
  }

  /** Exponential backoff with jitter: between half and all of the full backoff. */
  long backoff(int attempt) {
    return outcomes.backoff(attempt);
  }
}
