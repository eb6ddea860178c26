package dev.jsignals.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jsignals.core.Signals;
import dev.jsignals.testsupport.Await;
import dev.jsignals.testsupport.Meal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A relay process killed with SIGKILL in the middle of a batch: once its lease ends, another relay
 * takes its rows over and every event is delivered at least once; the duplicates are counted (at
 * most the killed relay's batch).
 */
@ParameterizedClass(name = "{0}")
@Execution(ExecutionMode.CONCURRENT) // the two databases at once
@ValueSource(strings = {Db.SQLITE, Db.POSTGRESQL})
class RelayCrashTest {
  private static final int EVENTS = 80;
  private static final int BATCH = 10;

  @Parameter String database;

  @TempDir Path dir;

  @Test
  void everyEventIsDeliveredAtLeastOnceAfterARelayIsKilledMidBatch() throws Exception {
    for (long seed = 1; seed <= 3; seed++) {
      Path trial = dir.resolve("trial" + seed);
      java.nio.file.Files.createDirectories(trial);
      int killAfter = 10 + new Random(seed * 7919).nextInt(EVENTS / 2);
      long duplicates = trial(trial, killAfter);
      System.out.printf(
          "%s trial %d: relay killed after %d deliveries; %d duplicate(s) of %d events%n",
          database, seed, killAfter, duplicates, EVENTS);
      assertThat(duplicates).isBetween(0L, (long) BATCH);
    }
  }

  private long trial(Path trial, int killAfter) throws Exception {
    String url = Db.create(database, trial);
    Signals signals = Signals.create();
    Jdbi jdbi = Db.jdbi(url, signals);
    try (Outbox outbox = Outbox.builder(jdbi, signals).build();
        Relays relays = new Relays(trial)) {
      outbox.postSave(Meal.class, "items.audit", e -> {});
      Meal.Dao items = jdbi.onDemand(Meal.Dao.class);
      for (int i = 0; i < EVENTS; i++) {
        items.insert(new Meal("item" + i, 0));
      }
      Process victim = relays.start(url, "victim", 1_500, BATCH, 5);
      assertThat(
              Await.until(
                  () -> ManyRelaysTest.delivered(jdbi) >= killAfter, Duration.ofSeconds(120)))
          .isTrue();
      Relays.kill(victim);
      long atKill = ManyRelaysTest.delivered(jdbi);
      assertThat(atKill).as("killed mid-run").isLessThan(EVENTS);
      relays.start(url, "heir", 1_500, BATCH, 0);

      assertThat(Await.until(() -> outbox.status().pending() == 0, Duration.ofSeconds(120)))
          .as("every row completed after the kill")
          .isTrue();
      long distinct =
          jdbi.withHandle(
              h ->
                  h.select("SELECT COUNT(DISTINCT event_id) FROM deliveries")
                      .mapTo(Long.class)
                      .one());
      assertThat(distinct).isEqualTo(EVENTS);
      return ManyRelaysTest.delivered(jdbi) - distinct;
    }
  }
}
