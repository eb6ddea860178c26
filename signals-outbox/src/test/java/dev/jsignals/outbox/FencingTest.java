package dev.jsignals.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.jsignals.core.Signals;
import dev.jsignals.testsupport.Await;
import dev.jsignals.testsupport.Meal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
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
 * The real race: relay A is paused inside its receiver (its process stopped with SIGSTOP, so its
 * heartbeat stops too) past its lease; relay B takes the row over, and while B's receiver is
 * <em>still running</em> A resumes, and its receiver returns or throws. The row stays as B's claim
 * left it (not deleted, not rescheduled, attempts unchanged), A reports the lost claim, and B's
 * outcome stands.
 */
@ParameterizedClass(name = "{0}")
@Execution(ExecutionMode.CONCURRENT) // the two databases at once
@ValueSource(strings = {Db.SQLITE, Db.POSTGRESQL})
class FencingTest {
  private static final long LEASE_MILLIS = 1_500;

  @Parameter String database;

  @TempDir Path dir;

  @Test
  void aResumedRelayWhoseReceiverReturnsChangesNothingOnTheRowAnotherRelayIsDelivering()
      throws Exception {
    race("record");
  }

  @Test
  void aResumedRelayWhoseReceiverThrowsChangesNothingOnTheRowAnotherRelayIsDelivering()
      throws Exception {
    race("throw");
  }

  private void race(String mode) throws Exception {
    String url = Db.create(database, dir);
    Signals signals = Signals.create();
    Jdbi jdbi = Db.jdbi(url, signals);
    CountDownLatch taking = new CountDownLatch(1);
    CountDownLatch finish = new CountDownLatch(1);
    try (Outbox other =
            Outbox.builder(jdbi, signals)
                .owner("other")
                .lease(Duration.ofMillis(LEASE_MILLIS))
                .deliveryTimeout(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(50))
                .build();
        Relays relays = new Relays(dir)) {
      other.postSave(
          Meal.class,
          "items.audit",
          e -> {
            taking.countDown();
            assertThat(finish.await(120, TimeUnit.SECONDS)).isTrue();
          });
      // Its receiver takes 3 s: long enough to be stopped inside it.
      Process slow = relays.start(Map.of(), url, "slow", LEASE_MILLIS, 1, 3_000, mode);
      jdbi.onDemand(Meal.Dao.class).insert(new Meal("soup", 1));
      assertThat(Await.until(() -> "slow".equals(column(jdbi, "lease_owner")), minutes(1)))
          .as("the slow relay claimed the row")
          .isTrue();

      Relays.signal(slow, "STOP");
      other.start();
      assertThat(taking.await(60, TimeUnit.SECONDS))
          .as("the other relay took the row over once the lease ended")
          .isTrue();
      Map<String, Object> taken = row(jdbi);
      Relays.signal(slow, "CONT");
      Path log = dir.resolve("slow.err");
      assertThat(Await.until(() -> read(log).contains("lost claim"), minutes(1)))
          .as("the resumed relay reported its lost claim")
          .isTrue();

      Map<String, Object> after = row(jdbi);
      assertThat(after.get("next_after_lease")).as("the row is still leased").isNotNull();
      // PostgreSQL reads its clock once per use in a renewal: the gap may move by a millisecond.
      assertThat(Long.parseLong(String.valueOf(after.remove("next_after_lease"))))
          .as("the backoff the other relay's claim set after its lease")
          .isCloseTo(Long.parseLong(String.valueOf(taken.remove("next_after_lease"))), within(5L));
      assertThat(after)
          .as("the row is as the other relay's claim left it")
          .isEqualTo(taken)
          .containsEntry("status", "pending")
          .containsEntry("lease_owner", "other")
          .containsEntry("attempts", "2");
      assertThat(read(log).split("lost claim", -1)).as("reported once").hasSize(2);

      finish.countDown();
      // awaitDrained, not a look at status(): the row's completion commits before it is counted.
      assertThat(other.awaitDrained(minutes(1))).as("the other relay's outcome stands").isTrue();
      assertThat(other.counters().delivered()).isEqualTo(1);
      assertThat(other.counters().fenced()).isZero();
      assertThat(other.status().dead()).isZero();
    }
  }

  private static Duration minutes(int n) {
    return Duration.ofMinutes(n);
  }

  private static String column(Jdbi jdbi, String name) {
    return jdbi.withHandle(
        h ->
            h.select("SELECT " + name + " FROM " + Dialect.TABLE)
                .mapTo(String.class)
                .findFirst()
                .orElse(null));
  }

  private static Map<String, Object> row(Jdbi jdbi) {
    return jdbi.withHandle(
        h ->
            h.select(
                    // Not lease_until nor next_at themselves: the other relay's heartbeat moves
                    // both by the same amount meanwhile; the gap between them it keeps.
                    "SELECT status, attempts, fence, next_at - lease_until AS next_after_lease,"
                        + " lease_owner, last_error FROM "
                        + Dialect.TABLE)
                .map(
                    (rs, ctx) -> {
                      Map<String, Object> row = new java.util.HashMap<>();
                      for (int i = 1; i <= 6; i++) {
                        row.put(rs.getMetaData().getColumnLabel(i), rs.getString(i));
                      }
                      return row;
                    })
                .one());
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file) : "";
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
