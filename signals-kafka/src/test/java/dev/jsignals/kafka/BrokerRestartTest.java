package dev.jsignals.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jsignals.core.Signals;
import dev.jsignals.outbox.Outbox;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The broker stopped and restarted in the middle of a relay run. */
class BrokerRestartTest {
  private static TestBroker broker;

  @TempDir Path dir;

  @BeforeAll
  static void startBroker() throws Exception {
    broker = TestBroker.start();
    broker.createTopic(OutboxToKafkaTest.TOPIC, 4);
  }

  @AfterAll
  static void stopBroker() throws Exception {
    broker.close();
  }

  @Test
  void rowsWaitWhileTheBrokerIsDownAndNothingIsLostAfterItRestarts() throws Exception {
    Path file = dir.resolve("meals.db");
    MealDb.create(file);
    Signals signals = Signals.create();
    Jdbi jdbi = MealDb.jdbi(file, signals);
    Signals receiving = Signals.create();
    Arrivals arrivals = Arrivals.connect(receiving);
    int keys = 10;
    int total = 2_000;
    try (StderrCapture log = new StderrCapture();
        KafkaPublisher publisher =
            KafkaPublisher.builder(broker.bootstrapServers())
                .property("max.block.ms", 2_000)
                .property("request.timeout.ms", 2_000)
                .property("delivery.timeout.ms", 4_000)
                .build();
        Outbox outbox =
            Outbox.builder(jdbi, signals)
                .relayThreads(2)
                .maxAttempts(1_000)
                .backoff(Duration.ofMillis(100), Duration.ofSeconds(1))
                .build();
        SignalsConsumer consumer =
            SignalsConsumer.builder(broker.bootstrapServers(), "restart", receiving)
                .model(Meal.class)
                .build()) {
      KafkaTarget.route(outbox, signals.postSave().signal(), Meal.class, publisher);
      outbox.start();
      consumer.start();
      Meal.Dao meals = jdbi.onDemand(Meal.Dao.class);
      List<Meal> all = new ArrayList<>();
      for (int k = 0; k < keys; k++) {
        Meal meal = new Meal("meal-" + k);
        meals.insert(meal);
        all.add(meal);
      }
      CompletableFuture<Void> writes =
          CompletableFuture.runAsync(
              () -> {
                for (int i = keys; i < total; i++) {
                  Meal meal = all.get(i % keys);
                  meal.setVersion(meal.getVersion() + 1);
                  meals.update(meal);
                }
              });
      Await.until("300 events consumed", () -> arrivals.distinct() >= 300);
      broker.stopBroker();
      int consumedWhenStopped = arrivals.distinct();
      writes.get();
      Await.until("rows wait for the broker", () -> outbox.status().pending() > 0);
      assertThat(arrivals.distinct()).isLessThan(total);
      broker.startBroker();
      Await.until(
          total + " distinct events consumed (now " + arrivals.distinct() + ")",
          () -> arrivals.distinct() >= total);
      Await.until("no row pending", () -> outbox.status().pending() == 0);
      assertThat(outbox.status().dead()).isZero();
      assertThat(log.text())
          .contains("(receiver kafka:post_save:dev.jsignals.kafka.Meal) failed attempt 1 of 1000")
          .contains("org.apache.kafka.common.errors.TimeoutException")
          .doesNotContain("Exception in thread");
      System.out.printf(
          "broker restart: %d consumed before the stop, %d distinct in all, %d duplicates%n",
          consumedWhenStopped, arrivals.distinct(), arrivals.duplicates());
    }
    Map<Long, List<Integer>> byKey = arrivals.versionsByKey();
    assertThat(byKey).hasSize(keys);
    byKey.forEach(
        (key, versions) -> {
          for (int v = 0; v < versions.size(); v++) {
            assertThat(versions.get(v)).as("first arrival %s of meal %s", v, key).isEqualTo(v);
          }
          assertThat(versions).hasSize(total / keys);
        });
  }
}
