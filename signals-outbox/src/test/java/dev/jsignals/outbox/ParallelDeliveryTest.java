package dev.jsignals.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jsignals.core.Signals;
import dev.jsignals.testsupport.Meal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
 * With {@code parallelism} above 1 a relay delivers the rows of different keys at the same time,
 * while each key's events still arrive one at a time, in commit order.
 */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {Db.SQLITE, Db.POSTGRESQL})
class ParallelDeliveryTest {
  @Parameter String database;

  @TempDir Path dir;

  @Test
  void twoKeysOfOneBatchAreDeliveredAtTheSameTime() throws Exception {
    Signals signals = Signals.create();
    Jdbi jdbi = Db.jdbi(Db.create(database, dir), signals);
    CountDownLatch both = new CountDownLatch(2);
    List<Boolean> met = new CopyOnWriteArrayList<>();
    Meal.Dao items = jdbi.onDemand(Meal.Dao.class);
    try (Outbox outbox =
        Outbox.builder(jdbi, signals)
            .parallelism(2)
            .lease(Duration.ofMinutes(5))
            .pollInterval(Duration.ofMinutes(10))
            .build()) {
      outbox.postSave(
          Meal.class,
          "items.pair",
          e -> {
            both.countDown();
            // Met only if the other key's receiver runs meanwhile.
            met.add(both.await(3, TimeUnit.MINUTES));
          });
      items.insert(new Meal("soup", 1));
      items.insert(new Meal("bread", 1));

      assertThat(outbox.deliverDue()).isEqualTo(2);
      assertThat(met).containsExactly(true, true);
      assertThat(outbox.status().pending()).isZero();
    }
  }

  @Test
  void eachKeyStaysInCommitOrderWhileKeysRunInParallel() throws Exception {
    Signals signals = Signals.create();
    Jdbi jdbi = Db.jdbi(Db.create(database, dir), signals);
    Map<Long, List<Integer>> versions = new ConcurrentHashMap<>();
    Meal.Dao items = jdbi.onDemand(Meal.Dao.class);
    try (Outbox outbox =
        Outbox.builder(jdbi, signals).parallelism(4).relayThreads(2).batchSize(6).build()) {
      outbox.postSave(
          Meal.class,
          "items.audit",
          e ->
              versions
                  .computeIfAbsent(e.instance().getId(), k -> new CopyOnWriteArrayList<>())
                  .add(e.instance().getVersion()));
      outbox.start();
      for (int k = 0; k < 8; k++) {
        Meal item = new Meal("item" + k, 0);
        items.insert(item);
        for (int v = 1; v <= 4; v++) {
          item.setVersion(v);
          items.update(item);
        }
      }

      assertThat(outbox.awaitDrained(Duration.ofMinutes(3))).isTrue();
      assertThat(outbox.delivered()).isEqualTo(40);
      assertThat(versions).hasSize(8);
      assertThat(versions.values())
          .allSatisfy(list -> assertThat(list).containsExactly(0, 1, 2, 3, 4));
    }
  }
}
