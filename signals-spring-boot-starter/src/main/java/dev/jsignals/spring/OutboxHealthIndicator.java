package dev.jsignals.spring;

import dev.jsignals.outbox.OutboxStatus;
import java.time.Duration;
import java.util.Optional;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * The outbox's health: UP while no row is dead and the oldest undelivered row is younger than
 * {@code jsignals.outbox.health.max-pending-age}; else the configured status ({@code DOWN} or
 * {@code OUT_OF_SERVICE}), with the counts as details. Thread-safe.
 */
final class OutboxHealthIndicator implements HealthIndicator {
  private final SignalsOutbox outbox;
  private final Duration maxPendingAge;
  private final Status bad;

  OutboxHealthIndicator(SignalsOutbox outbox, OutboxProperties.Health settings) {
    this.outbox = outbox;
    this.maxPendingAge = settings.maxPendingAge();
    this.bad = new Status(settings.status());
  }

  @Override
  public Health health() {
    Optional<OutboxStatus> read = outbox.status();
    if (read.isEmpty()) {
      return Health.unknown().withDetail("outbox", "not started").build();
    }
    OutboxStatus status = read.get();
    Duration oldest = status.oldestPending();
    boolean late = oldest != null && oldest.compareTo(maxPendingAge) > 0;
    Health.Builder health = status.dead() > 0 || late ? Health.status(bad) : Health.up();
    return health
        .withDetail("pending", status.pending())
        .withDetail("inFlight", status.inFlight())
        .withDetail("dead", status.dead())
        .withDetail("oldestPendingSeconds", oldest == null ? 0 : oldest.toSeconds())
        .withDetail("maxPendingAgeSeconds", maxPendingAge.toSeconds())
        .build();
  }
}
