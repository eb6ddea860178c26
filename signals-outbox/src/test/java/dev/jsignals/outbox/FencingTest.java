package dev.jsignals.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jsignals.core.Signals;
import dev.jsignals.testsupport.Await;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A relay paused past its lease (its process stopped with SIGSTOP, so its heartbeat stops too)
 * loses the row: another relay takes it over and completes it, and when the first one resumes its
 * completion is refused by the fencing token.
 */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {Db.SQLITE, Db.POSTGRESQL})
class FencingTest {
  private static final long LEASE_MILLIS = 1_500;

  @Parameter String database;

  @TempDir Path dir;

  @Test
  void aRelayPausedPastItsLeaseCannotCompleteTheRowAnotherTookOver() throws Exception {
    String url = Db.create(database, dir);
    Signals signals = Signals.create();
    Jdbi jdbi = Db.jdbi(url, signals);
    try (Outbox other =
            Outbox.builder(jdbi, signals)
                .owner("other")
                .lease(Duration.ofMillis(LEASE_MILLIS))
                .pollInterval(Duration.ofMillis(50))
                .build();
        Relays relays = new Relays(dir)) {
      other.postSave(
          Item.class,
          "items.audit",
          e ->
              jdbi.useHandle(
                  h ->
                      h.execute(
                          "INSERT INTO deliveries (event_id, item_key, version, relay)"
                              + " VALUES (?, ?, ?, 'other')",
                          e.context().unwrap(Delivery.class).orElseThrow().eventId(),
                          String.valueOf(e.instance().getId()),
                          e.instance().getVersion())));
      // Its receiver takes 3 s: long enough to be stopped inside it.
      Process slow = relays.start(url, "slow", LEASE_MILLIS, 1, 3_000);
      jdbi.onDemand(Item.Dao.class).insert(new Item("soup", 1));
      assertThat(Await.until(() -> "slow".equals(owner(jdbi)), Duration.ofSeconds(60)))
          .as("the slow relay claimed the row")
          .isTrue();

      Relays.signal(slow, "STOP");
      other.start();
      assertThat(Await.until(() -> other.status().pending() == 0, Duration.ofSeconds(60)))
          .as("the other relay took the row over once the lease ended, and completed it")
          .isTrue();
      Relays.signal(slow, "CONT");
      Path log = dir.resolve("slow.err");
      assertThat(
              Await.until(
                  () -> read(log).contains("another relay took the row over"),
                  Duration.ofSeconds(60)))
          .as("the resumed relay's completion was refused")
          .isTrue();

      List<String> relaysThatRan =
          jdbi.withHandle(
              h -> h.select("SELECT relay FROM deliveries ORDER BY id").mapTo(String.class).list());
      assertThat(relaysThatRan).containsExactly("other", "slow");
      long events =
          jdbi.withHandle(
              h ->
                  h.select("SELECT COUNT(DISTINCT event_id) FROM deliveries")
                      .mapTo(Long.class)
                      .one());
      assertThat(events).as("both ran the same event").isEqualTo(1);
      assertThat(other.counters().delivered()).isEqualTo(1);
      assertThat(other.status().pending() + other.status().dead()).isZero();
    }
  }

  private static String owner(Jdbi jdbi) {
    return jdbi.withHandle(
        h ->
            h.select("SELECT lease_owner FROM " + Dialect.TABLE)
                .mapTo(String.class)
                .findFirst()
                .orElse(null));
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file) : "";
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
