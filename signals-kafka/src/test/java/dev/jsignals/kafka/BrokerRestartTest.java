package dev.jsignals.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jsignals.core.Signals;
import dev.jsignals.outbox.Outbox;
import dev.jsignals.testsupport.Await;
import dev.jsignals.testsupport.Meal;
import dev.jsignals.testsupport.StderrCapture;
import dev.jsignals.testsupport.TestBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/** The broker stopped and restarted in the middle of a relay run; on SQLite and PostgreSQL. */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {MealDb.SQLITE, MealDb.POSTGRESQL})
class BrokerRestartTest {
  @RegisterExtension static final TestBroker broker = TestBroker.perClass();

  @Parameter String database;

  @TempDir Path dir;

  @Test
  void rowsWaitWhileTheBrokerIsDownAndNothingIsLostAfterItRestarts() throws Exception {
    String url = MealDb.create(database, dir);
    String topic = "meals-restart-" + database;
    broker.createTopic(topic, 4);
    Signals signals = Signals.create();
    Jdbi jdbi = MealDb.jdbi(url, signals);
    Signals receiving = Signals.create();
    Arrivals arrivals = Arrivals.connect(receiving);
    int keys = 10;
    int total = 2_000;
    try (StderrCapture log = new StderrCapture();
        KafkaPublisher publisher =
            KafkaPublisher.builder(broker.bootstrapServers())
                .topicFor(model -> topic)
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
        SignalsConsumer consumer = MealDb.consumer(broker.bootstrapServers(), topic, receiving)) {
      KafkaTarget.route(outbox, signals.postSave().signal(), Meal.class, publisher);
      outbox.start();
      consumer.start();
      List<Meal> all = MealDb.insert(jdbi, keys);
      CompletableFuture<Void> writes =
          // Transactions of 10 writes: few commits for PostgreSQL on a busy machine.
          CompletableFuture.runAsync(() -> MealDb.update(jdbi, all, keys, total, 10));
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
          .contains("Outbox target kafka:post_save:dev.jsignals.testsupport.Meal is unreachable")
          .contains("TimeoutException")
          .doesNotContain("failed attempt")
          .doesNotContain("Exception in thread");
      System.out.printf(
          "%s broker restart: %d consumed before the stop, %d distinct in all, %d duplicates%n",
          database, consumedWhenStopped, arrivals.distinct(), arrivals.duplicates());
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
