package dev.jsignals.spring;

import dev.jsignals.outbox.OutboxStatus;
import org.jspecify.annotations.Nullable;

/**
 * The outbox part of {@code /actuator/signals}. Immutable value.
 *
 * @param started whether the relays run
 * @param pending rows waiting for delivery
 * @param inFlight pending rows claimed by a relay now
 * @param dead rows that failed their last attempt
 * @param oldestPendingSeconds the age of the oldest undelivered row, 0 when none
 */
public record OutboxReport(
    boolean started, long pending, long inFlight, long dead, long oldestPendingSeconds) {

  static @Nullable OutboxReport of(@Nullable SignalsOutbox outbox) {
    if (outbox == null) {
      return null;
    }
    return outbox.status().map(OutboxReport::of).orElse(new OutboxReport(false, 0, 0, 0, 0));
  }

  private static OutboxReport of(OutboxStatus s) {
    return new OutboxReport(
        true,
        s.pending(),
        s.inFlight(),
        s.dead(),
        s.oldestPending() == null ? 0 : s.oldestPending().toSeconds());
  }
}
