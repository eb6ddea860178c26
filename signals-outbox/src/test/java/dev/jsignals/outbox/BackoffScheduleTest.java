package dev.jsignals.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jsignals.core.Signals;
import java.nio.file.Path;
import java.time.Duration;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With the default settings a failing row is retried for hours before it is dead (the table in
 * docs/outbox.md): long enough to outlast a realistic outage of something the receiver needs.
 */
class BackoffScheduleTest {
  @TempDir Path dir;

  @Test
  void theDefaultScheduleSpansAtLeastTwoHoursBeforeARowIsDead() throws Exception {
    Signals signals = Signals.create();
    Jdbi jdbi = Db.jdbi(Db.create(Db.SQLITE, dir), signals);
    try (Outbox outbox = Outbox.builder(jdbi, signals).build()) {
      Relay relay = outbox.relay();
      int attempts = relay.settings().maxAttempts();
      long shortest = 0;
      long longest = 0;
      for (int attempt = 1; attempt < attempts; attempt++) {
        long full = relay.fullBackoff(attempt);
        shortest += full / 2;
        longest += full;
        for (int i = 0; i < 20; i++) {
          assertThat(relay.backoff(attempt)).isBetween(full / 2, full);
        }
      }
      assertThat(Duration.ofMillis(shortest)).isGreaterThanOrEqualTo(Duration.ofHours(2));
      assertThat(Duration.ofMillis(longest)).isLessThanOrEqualTo(Duration.ofHours(5));
    }
  }
}
