package dev.jsignals.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jsignals.core.Signals;
import dev.jsignals.testsupport.Meal;
import dev.jsignals.testsupport.StderrCapture;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

/** The Micrometer meters report pending, dead, attempts and the age of the oldest row. */
@Isolated // reads the process's standard error: no other suite may log meanwhile
class OutboxMetricsTest {
  @TempDir Path dir;

  @Test
  void metersReportPendingDeadAttemptsAndTheOldestAge() throws Exception {
    Signals signals = Signals.create();
    Jdbi jdbi = Db.jdbi(Db.create(Db.SQLITE, dir), signals);
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
      SimpleMeterRegistry registry = new SimpleMeterRegistry();
      new OutboxMetrics(outbox, Duration.ZERO).bindTo(registry);
      Meal.Dao items = jdbi.onDemand(Meal.Dao.class);
      items.insert(new Meal("poison", 1));
      items.insert(new Meal("soup", 1));
      assertThat(registry.get("jsignals.outbox.pending").gauge().value()).isEqualTo(2);

      assertThat(outbox.deliverDue()).isEqualTo(1);
      assertThat(registry.get("jsignals.outbox.pending").gauge().value()).isZero();
      assertThat(registry.get("jsignals.outbox.dead").gauge().value()).isEqualTo(1);
      long written = outbox.rows(OutboxRow.Status.DEAD).get(0).createdAt();
      double age = registry.get("jsignals.outbox.oldest.age").gauge().value();
      assertThat(age)
          .isGreaterThanOrEqualTo(0.0)
          .isLessThanOrEqualTo((System.currentTimeMillis() - written) / 1000.0);
      assertThat(registry.get("jsignals.outbox.attempts").functionCounter().count()).isEqualTo(2);
      assertThat(registry.get("jsignals.outbox.delivered").functionCounter().count()).isEqualTo(1);
      assertThat(registry.get("jsignals.outbox.failures").functionCounter().count()).isEqualTo(1);
      assertThat(log.text()).contains("is dead after 1 attempts");
    }
  }
}
