package dev.jsignals.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jsignals.core.Signals;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A relay paused past its lease loses the row: another relay takes it over and completes it, and
 * the first one's completion is refused by the fencing token.
 */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {Db.SQLITE, Db.POSTGRESQL})
class FencingTest {
  @Parameter String database;

  @TempDir Path dir;

  @Test
  void aRelayPausedPastItsLeaseCannotCompleteTheRowAnotherTookOver() throws Exception {
    String url = Db.create(database, dir);
    Signals signals = Signals.create();
    Jdbi jdbi = Db.jdbi(url, signals);
    CountDownLatch paused = new CountDownLatch(1);
    CountDownLatch resume = new CountDownLatch(1);
    List<String> deliveries = new CopyOnWriteArrayList<>();
    Duration lease = Duration.ofMillis(500);
    try (StderrCapture log = StderrCapture.start();
        Outbox slow = Outbox.builder(jdbi, signals).owner("slow").lease(lease).build();
        Outbox other =
            Outbox.builder(Db.jdbi(url, Signals.create()), Signals.create())
                .owner("other")
                .lease(lease)
                .pollInterval(Duration.ofMillis(50))
                .build()) {
      slow.postSave(
          Item.class,
          "items.mail",
          e -> {
            deliveries.add("slow:" + e.context().unwrap(Delivery.class).orElseThrow().eventId());
            paused.countDown();
            assertThat(resume.await(60, TimeUnit.SECONDS)).isTrue();
          });
      other.postSave(
          Item.class,
          "items.mail",
          e ->
              deliveries.add(
                  "other:" + e.context().unwrap(Delivery.class).orElseThrow().eventId()));
      jdbi.onDemand(Item.Dao.class).insert(new Item("soup", 1));
      slow.start();
      assertThat(paused.await(60, TimeUnit.SECONDS)).isTrue();

      other.start();
      assertThat(Await.until(() -> deliveries.size() == 2, Duration.ofSeconds(60))).isTrue();
      assertThat(Await.until(() -> other.status().pending() == 0, Duration.ofSeconds(60))).isTrue();
      resume.countDown();
      assertThat(
              Await.until(() -> log.text().contains("took the row over"), Duration.ofSeconds(60)))
          .isTrue();

      assertThat(slow.counters().fenced()).isEqualTo(1);
      assertThat(slow.counters().delivered()).isZero();
      assertThat(other.counters().delivered()).isEqualTo(1);
      String eventId = deliveries.get(0).substring("slow:".length());
      assertThat(deliveries).containsExactly("slow:" + eventId, "other:" + eventId);
      assertThat(other.status().pending() + other.status().dead()).isZero();
    }
  }
}
