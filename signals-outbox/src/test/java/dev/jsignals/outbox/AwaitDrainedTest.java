package dev.jsignals.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jsignals.core.Signals;
import dev.jsignals.testsupport.Meal;
import dev.jsignals.testsupport.StderrCapture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a user measures an outbox with: its delivered and failed counts, a bounded wait until it has
 * drained, and relay threads named after its owner.
 */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {Db.SQLITE, Db.POSTGRESQL})
class AwaitDrainedTest {
  @Parameter String database;

  @TempDir Path dir;

  @Test
  void awaitDrainedReturnsOnceEveryRowIsDeliveredAndTheCountsSaySo() throws Exception {
    Signals signals = Signals.create();
    Jdbi jdbi = Db.jdbi(Db.create(database, dir), signals);
    Set<String> threads = ConcurrentHashMap.newKeySet();
    try (Outbox outbox =
        Outbox.builder(jdbi, signals).owner("kitchen").relayThreads(2).batchSize(7).build()) {
      outbox.postSave(Meal.class, "items.mail", e -> threads.add(Thread.currentThread().getName()));
      Meal.Dao items = jdbi.onDemand(Meal.Dao.class);
      for (int i = 0; i < 40; i++) {
        items.insert(new Meal("soup" + i, 1));
      }
      assertThat(outbox.awaitDrained(Duration.ZERO)).as("nothing delivered yet").isFalse();
      outbox.start();

      assertThat(outbox.awaitDrained(Duration.ofMinutes(3))).isTrue();
      assertThat(outbox.status().pending()).isZero();
      assertThat(outbox.delivered()).isEqualTo(40);
      assertThat(outbox.failed()).isZero();
      assertThat(threads).isNotEmpty().allMatch(name -> name.contains("kitchen"));
      assertThat(Thread.getAllStackTraces().keySet())
          .extracting(Thread::getName)
          .contains("jsignals-relay-kitchen-0", "jsignals-relay-kitchen-1");
    }
  }

  @Test
  void awaitDrainedGivesUpAtItsTimeoutWhileARowIsStillBeingDelivered() throws Exception {
    Signals signals = Signals.create();
    Jdbi jdbi = Db.jdbi(Db.create(database, dir), signals);
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    try (Outbox outbox = Outbox.builder(jdbi, signals).lease(Duration.ofMinutes(5)).build()) {
      outbox.postSave(
          Meal.class,
          "items.slow",
          e -> {
            started.countDown();
            release.await();
          });
      jdbi.onDemand(Meal.Dao.class).insert(new Meal("soup", 1));
      outbox.start();
      assertThat(started.await(3, TimeUnit.MINUTES)).isTrue();

      assertThat(outbox.awaitDrained(Duration.ofMillis(300))).isFalse();
      assertThat(outbox.delivered()).isZero();

      release.countDown();
      assertThat(outbox.awaitDrained(Duration.ofMinutes(3))).isTrue();
      assertThat(outbox.delivered()).isEqualTo(1);
    }
  }

  @Test
  void aRowDeadAfterItsLastAttemptCountsAsFailedAndNoLongerHoldsTheDrain() throws Exception {
    Signals signals = Signals.create();
    Jdbi jdbi = Db.jdbi(Db.create(database, dir), signals);
    try (StderrCapture log = StderrCapture.start();
        Outbox outbox = Outbox.builder(jdbi, signals).maxAttempts(1).build()) {
      outbox.postSave(
          Meal.class,
          "items.audit",
          e -> {
            if (e.instance().getName().equals("poison")) {
              throw new IllegalStateException("poison");
            }
          });
      Meal.Dao items = jdbi.onDemand(Meal.Dao.class);
      items.insert(new Meal("poison", 1));
      items.insert(new Meal("soup", 1));
      outbox.start();

      assertThat(outbox.awaitDrained(Duration.ofMinutes(3))).isTrue();
      assertThat(outbox.failed()).isEqualTo(1);
      assertThat(outbox.delivered()).isEqualTo(1);
      assertThat(outbox.status().dead()).isEqualTo(1);
      assertThat(log.text()).contains("is dead after 1 attempts");
    }
  }

  @Test
  void aNegativeTimeoutIsRefused() {
    Signals signals = Signals.create();
    Jdbi jdbi = Db.jdbi(Db.create(database, dir), signals);
    try (Outbox outbox = Outbox.builder(jdbi, signals).build()) {
      assertThatThrownBy(() -> outbox.awaitDrained(Duration.ofSeconds(-1)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("timeout");
    }
  }
}
