package dev.jsignals.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jsignals.core.Signals;
import dev.jsignals.testsupport.Await;
import dev.jsignals.testsupport.Meal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Leases are compared by the database's clock: a relay whose own clock runs a minute ahead (a child
 * JVM under libfaketime) does not take over a live 30 s lease, while it delivers the rows that are
 * free.
 *
 * <p>PostgreSQL only: SQLite has no clock of its own, it reads the clock of the process it runs in
 * (libfaketime shifts it too, so the relay ahead sees every lease as ended). All the processes of
 * one SQLite database share one machine, and so one clock.
 */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {Db.POSTGRESQL})
class ClockSkewTest {
  @Parameter String database;

  @TempDir Path dir;

  @Test
  void aRelayWhoseClockRunsAMinuteAheadDoesNotTakeOverALiveLease() throws Exception {
    Optional<Map<String, String>> skewed = Relays.skewedClock("+60s");
    assumeTrue(skewed.isPresent(), "libfaketime is not installed (.ci/run installs it)");
    String url = Db.create(database, dir);
    Signals signals = Signals.create();
    Jdbi jdbi = Db.jdbi(url, signals);
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch finish = new CountDownLatch(1);
    Meal.Dao items = jdbi.onDemand(Meal.Dao.class);
    try (Outbox holder =
            Outbox.builder(jdbi, signals)
                .owner("holder")
                .lease(Duration.ofSeconds(30))
                .deliveryTimeout(Duration.ofMinutes(3))
                .build();
        Relays relays = new Relays(dir)) {
      holder.postSave(
          Meal.class,
          "items.audit",
          e -> {
            if (e.instance().getName().equals("held")) {
              running.countDown();
              assertThat(finish.await(300, TimeUnit.SECONDS)).isTrue();
            }
          });
      items.insert(new Meal("held", 1));
      Thread holding = new Thread(holder::deliverDue);
      holding.start();
      assertThat(running.await(60, TimeUnit.SECONDS)).isTrue();

      Meal free = new Meal("free", 1);
      items.insert(free);
      // The relay ahead claims in one statement every row it finds due: once it delivered the free
      // row, it has looked at the held one too.
      Process ahead = relays.start(skewed.orElseThrow(), url, "ahead", 30_000, 10, 0);
      assertThat(
              Await.until(
                  () -> delivered(jdbi).contains("ahead:" + free.getId()), Duration.ofMinutes(2)))
          .as("the relay ahead delivers the free row")
          .isTrue();
      assertThat(delivered(jdbi)).as("and never the one under a live lease").hasSize(1);
      // Its receiver's row commits before the relay completes the outbox row: kill the relay
      // only once it completed, or the free row would stay leased to a dead relay.
      assertThat(Await.until(() -> holder.status().pending() == 1, Duration.ofMinutes(2)))
          .as("the relay ahead completes the free row")
          .isTrue();
      Relays.kill(ahead);

      finish.countDown();
      holding.join(120_000);
      assertThat(holder.status().pending()).isZero();
      assertThat(delivered(jdbi)).hasSize(1);
    }
  }

  private static List<String> delivered(Jdbi jdbi) {
    return jdbi.withHandle(
        h ->
            h.select("SELECT relay || ':' || item_key FROM deliveries ORDER BY id")
                .mapTo(String.class)
                .list());
  }
}
