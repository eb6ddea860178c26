package dev.jsignals.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jsignals.core.Signals;
import dev.jsignals.testsupport.Await;
import dev.jsignals.testsupport.Meal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A receiver that halts its process does not loop: each claim that ends without an outcome counts
 * an attempt and costs the attempt's backoff, and after {@code maxAttempts} of them the row is dead
 * with "relay died N times while delivering". Relays are real child JVMs that halt in the receiver.
 */
@ParameterizedClass(name = "{0}")
@Execution(ExecutionMode.CONCURRENT) // the two databases at once
@ValueSource(strings = {Db.SQLITE, Db.POSTGRESQL})
class CrashLoopTest {
  // A short lease, so that a halted relay's row is free again soon; a long delivery timeout, so
  // that a cold JVM's first delivery reaches the receiver (the heartbeat keeps the lease
  // meanwhile).
  private static final long LEASE_MILLIS = 8_000;
  private static final long DELIVERY_TIMEOUT_MILLIS = 120_000;
  private static final long BACKOFF_MILLIS = 2_000;
  private static final int MAX_ATTEMPTS = 2;

  @Parameter String database;

  @TempDir Path dir;

  @Test
  void aRowWhoseRelaysDieWhileDeliveringEndsDeadAfterItsAttempts() throws Exception {
    String url = Db.create(database, dir);
    Signals signals = Signals.create();
    Jdbi jdbi = Db.jdbi(url, signals);
    try (Outbox outbox = Outbox.builder(jdbi, signals).build();
        Relays relays = new Relays(dir)) {
      outbox.postSave(Meal.class, "items.audit", e -> {});
      jdbi.onDemand(Meal.Dao.class).insert(new Meal("crash", 1));

      int halted = 0;
      for (int i = 1; i <= 4 && outbox.status().dead() == 0; i++) {
        Process relay =
            relays.start(
                Map.of(),
                url,
                "crash" + i,
                LEASE_MILLIS,
                1,
                0,
                "halt",
                MAX_ATTEMPTS,
                BACKOFF_MILLIS,
                DELIVERY_TIMEOUT_MILLIS);
        // Each relay either halts in the receiver, or finds the row dead and keeps running.
        boolean exited =
            Await.until(
                () -> !relay.isAlive() || outbox.status().dead() == 1, Duration.ofMinutes(2));
        assertThat(exited).isTrue();
        if (!relay.isAlive()) {
          assertThat(relay.waitFor(60, TimeUnit.SECONDS)).isTrue();
          assertThat(relay.exitValue()).as("halted in the receiver").isEqualTo(3);
          halted++;
          if (halted == 1) {
            List<Long> times = times(jdbi);
            // (PostgreSQL reads its clock once per use: allow a millisecond of rounding.)
            assertThat(times.get(0) - times.get(1))
                .as("next_at lies the attempt's backoff past the end of the crashed claim's lease")
                .isGreaterThanOrEqualTo(BACKOFF_MILLIS - 1);
          }
        }
      }

      List<OutboxRow> dead = outbox.rows(OutboxRow.Status.DEAD);
      assertThat(halted)
          .as("relays that died in the receiver (dead rows: %s)", dead)
          .isEqualTo(MAX_ATTEMPTS);
      assertThat(dead).hasSize(1);
      assertThat(dead.get(0).attempts()).isEqualTo(MAX_ATTEMPTS);
      assertThat(dead.get(0).lastError())
          .startsWith("relay died " + MAX_ATTEMPTS + " times while delivering");
      assertThat(outbox.status().pending()).isZero();
    }
  }

  private static List<Long> times(Jdbi jdbi) {
    return jdbi.withHandle(
        h ->
            h.select("SELECT next_at, lease_until FROM " + Dialect.TABLE)
                .map((rs, ctx) -> List.of(rs.getLong(1), rs.getLong(2)))
                .one());
  }
}
