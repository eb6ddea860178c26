package dev.jsignals.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jsignals.core.Signals;
import dev.jsignals.testsupport.Await;
import dev.jsignals.testsupport.Meal;
import dev.jsignals.testsupport.StderrCapture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A poison event is retried with backoff, then dead with its last error; it parks its own key while
 * the other keys flow; retry delivers it and the rows parked behind it, in order.
 */
@Isolated // reads the process's standard error: no other suite may log meanwhile
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {Db.SQLITE, Db.POSTGRESQL})
class PoisonEventTest {
  @Parameter String database;

  @TempDir Path dir;

  @Test
  void aPoisonEventDiesAfterItsAttemptsParksItsKeyAndRetryDeliversIt() throws Exception {
    Signals signals = Signals.create();
    Jdbi jdbi = Db.jdbi(Db.create(database, dir), signals);
    AtomicBoolean poisoned = new AtomicBoolean(true);
    List<String> got = new CopyOnWriteArrayList<>();
    try (StderrCapture log = StderrCapture.start();
        Outbox outbox =
            Outbox.builder(jdbi, signals)
                .maxAttempts(3)
                .backoff(Duration.ofMillis(10), Duration.ofMillis(40))
                .pollInterval(Duration.ofMillis(50))
                .build()) {
      outbox.postSave(
          Meal.class,
          "items.audit",
          e -> {
            Meal item = e.instance();
            if (poisoned.get() && item.getName().equals("poison") && item.getVersion() == 1) {
              throw new IllegalStateException("cannot render item " + item.getId());
            }
            got.add(item.getName() + "@" + item.getVersion());
          });
      Meal.Dao items = jdbi.onDemand(Meal.Dao.class);
      Meal poison = new Meal("poison", 1);
      items.insert(poison);
      poison.setVersion(2);
      items.update(poison);
      items.insert(new Meal("soup", 1));
      outbox.start();

      assertThat(Await.until(() -> outbox.status().dead() == 1, Duration.ofSeconds(60))).isTrue();
      assertThat(Await.until(() -> got.contains("soup@1"), Duration.ofSeconds(60))).isTrue();
      OutboxRow dead = outbox.rows(OutboxRow.Status.DEAD).get(0);
      assertThat(dead.key()).isEqualTo(String.valueOf(poison.getId()));
      assertThat(dead.attempts()).isEqualTo(3);
      assertThat(dead.lastError()).contains("cannot render item " + poison.getId());
      assertThat(outbox.status().pending()).as("poison@2 parked behind it").isEqualTo(1);
      assertThat(got).containsExactly("soup@1");
      assertThat(log.text())
          .contains("failed attempt 1 of 3")
          .contains("is dead after 3 attempts")
          .doesNotContain("\tat ");

      poisoned.set(false);
      outbox.retry(dead.id());
      assertThat(Await.until(() -> got.size() == 3, Duration.ofSeconds(60))).isTrue();
      assertThat(got).containsExactly("soup@1", "poison@1", "poison@2");
      assertThatThrownBy(() -> outbox.retry(dead.id()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("No dead outbox row has id " + dead.id());
    }
  }

  @Test
  void skippingADeadRowReleasesItsKeyWithoutDeliveringIt() throws Exception {
    Signals signals = Signals.create();
    Jdbi jdbi = Db.jdbi(Db.create(database, dir), signals);
    List<String> got = new CopyOnWriteArrayList<>();
    try (StderrCapture log = StderrCapture.start();
        Outbox outbox =
            Outbox.builder(jdbi, signals)
                .maxAttempts(1)
                .keepDelivered(Duration.ofHours(1))
                .build()) {
      outbox.postSave(
          Meal.class,
          "items.audit",
          e -> {
            if (e.instance().getVersion() == 1) {
              throw new IllegalStateException("version 1 is poison");
            }
            got.add(e.instance().getName() + "@" + e.instance().getVersion());
          });
      Meal.Dao items = jdbi.onDemand(Meal.Dao.class);
      Meal item = new Meal("soup", 1);
      items.insert(item);
      item.setVersion(2);
      items.update(item);

      assertThat(outbox.deliverDue()).isZero();
      assertThat(got).isEmpty();
      long dead = outbox.rows(OutboxRow.Status.DEAD).get(0).id();
      outbox.skip(dead);

      assertThat(outbox.deliverDue()).isEqualTo(1);
      assertThat(got).containsExactly("soup@2");
      assertThat(outbox.status().skipped()).isEqualTo(1);
      assertThat(log.text()).contains("is dead after 1 attempts");
      assertThatThrownBy(() -> outbox.skip(dead)).hasMessageContaining("has id " + dead);
    }
  }
}
