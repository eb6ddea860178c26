package dev.jsignals.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jsignals.core.Signals;
import dev.jsignals.testsupport.Await;
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
 * A receiver that runs longer than the lease keeps its claim: the relay's heartbeat renews the
 * lease, so a second relay polling all along never takes the row over, and the first completes it.
 */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {Db.SQLITE, Db.POSTGRESQL})
class LeaseRenewalTest {
  private static final Duration LEASE = Duration.ofSeconds(3);

  @Parameter String database;

  @TempDir Path dir;

  @Test
  void aReceiverRunningLongerThanTheLeaseKeepsItsClaim() throws Exception {
    String url = Db.create(database, dir);
    Signals signals = Signals.create();
    Jdbi jdbi = Db.jdbi(url, signals);
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch finish = new CountDownLatch(1);
    List<String> deliveries = new CopyOnWriteArrayList<>();
    try (Outbox slow =
            Outbox.builder(jdbi, signals)
                .owner("slow")
                .lease(LEASE)
                .deliveryTimeout(Duration.ofMinutes(3))
                .build();
        Outbox other =
            Outbox.builder(Db.jdbi(url, Signals.create()), Signals.create())
                .owner("other")
                .lease(LEASE)
                .pollInterval(Duration.ofMillis(50))
                .build()) {
      slow.postSave(
          Meal.class,
          "items.mail",
          e -> {
            deliveries.add("slow");
            running.countDown();
            assertThat(finish.await(120, TimeUnit.SECONDS)).isTrue();
          });
      other.postSave(Meal.class, "items.mail", e -> deliveries.add("other"));
      jdbi.onDemand(Meal.Dao.class).insert(new Meal("soup", 1));
      slow.start();
      assertThat(running.await(60, TimeUnit.SECONDS)).isTrue();
      other.start();

      // Four renewals, one every second: the receiver has now run past its first lease, and past
      // the lease of at least the first three renewals.
      assertThat(Await.until(() -> slow.counters().renewals() >= 4, Duration.ofSeconds(120)))
          .as("the heartbeat renewed the lease")
          .isTrue();
      assertThat(deliveries).as("the other relay, polling every 50 ms, never took it").hasSize(1);
      finish.countDown();

      assertThat(Await.until(() -> slow.counters().delivered() == 1, Duration.ofSeconds(60)))
          .as("the slow relay completed its row")
          .isTrue();
      assertThat(slow.counters().fenced()).isZero();
      assertThat(other.counters().attempts()).isZero();
      assertThat(deliveries).containsExactly("slow");
      assertThat(slow.status().pending()).isZero();
    }
  }
}
