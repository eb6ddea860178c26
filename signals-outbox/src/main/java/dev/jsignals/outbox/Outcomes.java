package dev.jsignals.outbox;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records how a delivery ended, each as one compare-and-set on the claim, and logs it in one line:
 * failed (backoff, or dead after the last attempt), deferred (target unreachable: its circuit
 * opens, the attempt is not counted), or lost (the claim moved on). Thread-safe.
 */
final class Outcomes {
  private static final Logger log = LoggerFactory.getLogger(Outbox.class);

  /** How one claimed row ended in this relay. */
  enum Outcome {
    DELIVERED,
    FAILED,
    DEAD,
    DEFERRED,
    LOST
  }

  private final Store store;
  private final Settings settings;
  private final Circuits circuits;
  private final LongAdder failed;
  private final LongAdder fenced;

  Outcomes(Store store, Settings settings, Circuits circuits, LongAdder failed, LongAdder fenced) {
    this.store = store;
    this.settings = settings;
    this.circuits = circuits;
    this.failed = failed;
    this.fenced = fenced;
  }

  /** Records a delivery that did not return: the receiver threw, overran, or lost its lease. */
  Outcome ended(Handle handle, Claim claim, Receivers.Result result) {
    switch (result.end()) {
      case TIMED_OUT:
        return failed(
            handle,
            claim,
            "receiver exceeded its lease of " + seconds(settings.deliveryTimeout()) + " s");
      case LEASE_LAPSED:
        return failed(
            handle,
            claim,
            "receiver stopped: its lease of "
                + seconds(settings.lease())
                + " s could not be renewed in time");
      default:
        Throwable failure = result.failure();
        if (failure != null && Failures.unreachable(failure)) {
          return unreachable(handle, claim, Failures.describe(failure));
        }
        return failed(handle, claim, failure == null ? "failed" : Failures.describe(failure));
    }
  }

  Outcome unreachable(Handle handle, Claim claim, String cause) {
    OutboxRow row = claim.row;
    long wait = circuits.opened(row.receiver());
    if (wait > 0) {
      log.warn(
          "Outbox target {} is unreachable ({}); pausing it for {} s, its rows keep their"
              + " attempts",
          row.receiver(),
          cause,
          seconds(Duration.ofMillis(wait)));
    }
    long delay = Math.max(wait, circuits.pausedFor(row.receiver()));
    return store.release(handle, row, "unreachable: " + cause, delay)
        ? Outcome.DEFERRED
        : lost(claim);
  }

  Outcome failed(Handle handle, Claim claim, String error) {
    OutboxRow row = claim.row;
    failed.increment();
    long delay = backoff(row.attempts());
    boolean dead = row.attempts() >= settings.maxAttempts();
    if (!store.fail(handle, row, error, delay, settings.maxAttempts())) {
      return lost(claim);
    }
    if (dead) {
      log.error(
          "Outbox row {} (receiver {}, {} {}) is dead after {} attempts: {}; its key waits until"
              + " it is retried or skipped",
          row.id(),
          row.receiver(),
          row.model(),
          row.key(),
          row.attempts(),
          error);
      return Outcome.DEAD;
    }
    log.warn(
        "Outbox row {} (receiver {}) failed attempt {} of {}: {}; next attempt in {} s",
        row.id(),
        row.receiver(),
        row.attempts(),
        settings.maxAttempts(),
        error,
        seconds(Duration.ofMillis(delay)));
    return Outcome.FAILED;
  }

  static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  static String seconds(Duration duration) {
    long millis = duration.toMillis();
    return millis % 1000 == 0
        ? String.valueOf(millis / 1000)
        : java.math.BigDecimal.valueOf(millis, 3).stripTrailingZeros().toPlainString();
  }

  Outcome lost(Claim claim) {
    if (claim.report()) {
      fenced.increment();
      log.warn(
          "Outbox row {} (receiver {}): lost claim: this relay's lease ended and another relay"
              + " took the row over, or an operator skipped or retried it; the outcome of this"
              + " attempt is not recorded",
          claim.row.id(),
          claim.row.receiver());
    }
    return Outcome.LOST;
  }

  /** The full backoff after attempt {@code attempt}: base * 2^(attempt - 1), capped. */
  long fullBackoff(int attempt) {
    long base = settings.backoff().toMillis();
    long cap = settings.maxBackoff().toMillis();
    return (long) Math.min((double) cap, base * Math.pow(2, Math.max(0, attempt - 1)));
  }

  /** Exponential backoff with jitter: between half and all of the full backoff. */
  long backoff(int attempt) {
    long full = fullBackoff(attempt);
    long half = full / 2;
    return half + ThreadLocalRandom.current().nextLong(full - half + 1);
  }
}
