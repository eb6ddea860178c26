package dev.jsignals.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jsignals.core.Signals;
import dev.jsignals.testsupport.Meal;
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
 * Most claims read only a window of the due rows ({@link Store#window}), so that rows waiting
 * behind the first row of their key cost a claim nothing beyond it. A key whose first row lies
 * behind a full window of such rows is still delivered while they wait (by the claim that reads
 * every due row, once per poll interval), and each key keeps its commit order.
 */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {Db.SQLITE, Db.POSTGRESQL})
class ClaimWindowTest {
  private static final int BATCH = 50;

  @Parameter String database;

  @TempDir Path dir;

  @Test
  void aKeyBehindAWindowOfRowsWaitingForTheirKeyIsDeliveredMeanwhile() throws Exception {
    Signals signals = Signals.create();
    Jdbi jdbi = Db.jdbi(Db.create(database, dir), signals);
    Meal.Dao meals = jdbi.onDemand(Meal.Dao.class);
    int later = Store.window(BATCH) + 10;
    CountDownLatch hotStarted = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch coldDelivered = new CountDownLatch(1);
    List<Integer> hot = new CopyOnWriteArrayList<>();
    try (Outbox outbox =
        Outbox.builder(jdbi, signals)
            .batchSize(BATCH)
            .relayThreads(2)
            .lease(Duration.ofMinutes(5))
            .pollInterval(Duration.ofMillis(200))
            .build()) {
      outbox.postSave(
          Meal.class,
          "items.audit",
          e -> {
            if (e.instance().getName().equals("cold")) {
              coldDelivered.countDown();
              return;
            }
            if (e.instance().getVersion() == 0) {
              hotStarted.countDown();
              assertThat(release.await(5, TimeUnit.MINUTES)).isTrue();
            }
            hot.add(e.instance().getVersion());
          });
      Meal first = new Meal("hot", 0);
      meals.insert(first);
      outbox.start();
      assertThat(hotStarted.await(3, TimeUnit.MINUTES)).isTrue();
      // The hot key's first row is in flight: its later rows fill the window of every claim.
      jdbi.useTransaction(
          h -> {
            Meal.Dao dao = h.attach(Meal.Dao.class);
            for (int v = 1; v <= later; v++) {
              first.setVersion(v);
              dao.update(first);
            }
          });
      meals.insert(new Meal("cold", 0));

      assertThat(coldDelivered.await(3, TimeUnit.MINUTES))
          .as("the cold key's row, behind %d rows waiting for the hot key's first", later)
          .isTrue();
      assertThat(hot).isEmpty();
      release.countDown();
      assertThat(outbox.awaitDrained(Duration.ofMinutes(3))).isTrue();
      assertThat(hot).hasSize(later + 1).isSorted();
      assertThat(outbox.delivered()).isEqualTo(later + 2L);
    }
  }
}
