package dev.jsignals.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jsignals.core.Signals;
import dev.jsignals.testsupport.Await;
import dev.jsignals.testsupport.Meal;
import dev.jsignals.testsupport.StderrCapture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A receiver that hangs does not outlive its lease: at the deadline (by default the lease) it is
 * interrupted, and the attempt fails with "receiver exceeded its lease of N s". A receiver whose
 * deadline passed before it was called (its event still being decoded, in a cold or starved JVM) is
 * not called at all: its attempt was given up, and another relay may deliver the row already.
 */
@Isolated // reads the process's standard error: no other suite may log meanwhile
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {Db.SQLITE, Db.POSTGRESQL})
class DeliveryDeadlineTest {
  @Parameter String database;

  @TempDir Path dir;

  @Test
  void aHangingReceiverIsInterruptedAtItsLeaseAndItsAttemptFails() throws Exception {
    Signals signals = Signals.create();
    Jdbi jdbi = Db.jdbi(Db.create(database, dir), signals);
    CountDownLatch never = new CountDownLatch(1);
    AtomicBoolean interrupted = new AtomicBoolean();
    try (StderrCapture log = StderrCapture.start();
        Outbox outbox =
            Outbox.builder(jdbi, signals)
                .lease(Duration.ofSeconds(2))
                .maxAttempts(1)
                .pollInterval(Duration.ofMillis(50))
                .build()) {
      outbox.postSave(
          Meal.class,
          "items.audit",
          e -> {
            try {
              never.await(90, TimeUnit.SECONDS);
            } catch (InterruptedException stopped) {
              interrupted.set(true);
              throw stopped;
            }
          });
      jdbi.onDemand(Meal.Dao.class).insert(new Meal("hang", 1));
      outbox.start();

      assertThat(Await.until(() -> outbox.status().dead() == 1, Duration.ofSeconds(60)))
          .as("dead well before the receiver would have given up by itself")
          .isTrue();
      assertThat(outbox.rows(OutboxRow.Status.DEAD).get(0).lastError())
          .isEqualTo("receiver exceeded its lease of 2 s");
      assertThat(Await.until(interrupted::get, Duration.ofSeconds(60)))
          .as("the receiver was interrupted")
          .isTrue();
      assertThat(log.text()).contains("receiver exceeded its lease of 2 s").doesNotContain("\tat ");
    }
  }

  @Test
  void aReceiverWhoseDeadlinePassedWhileItsEventWasDecodedIsNeverCalled() throws Exception {
    Signals signals = Signals.create();
    Jdbi jdbi = Db.jdbi(Db.create(database, dir), signals);
    List<String> called = new CopyOnWriteArrayList<>();
    Thread decoder;
    try (StderrCapture log = StderrCapture.start()) {
      try (Outbox outbox =
          Outbox.builder(jdbi, signals)
              .lease(Duration.ofSeconds(30))
              .deliveryTimeout(Duration.ofSeconds(1))
              .maxAttempts(1)
              .build()) {
        outbox.postSave(
            SlowDecodedMeal.class, "slow.audit", e -> called.add(e.instance().getName()));
        jdbi.onDemand(SlowDecodedMeal.Dao.class).insert(new SlowDecodedMeal("late"));
        SlowDecodedMeal.hold();
        try {
          DeliveryReport report = outbox.deliverDueReport();
          assertThat(report.dead()).as("the attempt was given up at its deadline").isEqualTo(1);
          assertThat(outbox.rows(OutboxRow.Status.DEAD).get(0).lastError())
              .isEqualTo("receiver exceeded its lease of 1 s");
          decoder = SlowDecodedMeal.awaitDecoder();
          assertThat(decoder).as("the event's decoding was held up").isNotNull();
        } finally {
          // The decoding ends only now, after the relay gave the attempt up.
          SlowDecodedMeal.release();
        }
      }
      // Closing the outbox ends its receiver threads once their task is over.
      decoder.join(Duration.ofMinutes(2).toMillis());
      assertThat(decoder.isAlive()).as("the held-up delivery ended").isFalse();
      assertThat(called).as("receivers called after their attempt was given up").isEmpty();
      assertThat(log.text()).doesNotContain("\tat ");
    }
  }
}
