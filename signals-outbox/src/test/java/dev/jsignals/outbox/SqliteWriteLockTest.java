package dev.jsignals.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jsignals.core.Signals;
import dev.jsignals.testsupport.Await;
import dev.jsignals.testsupport.Meal;
import dev.jsignals.testsupport.StderrCapture;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * On SQLite a writer that holds the write lock longer than the lease keeps the heartbeat from
 * renewing it. The relay that could not renew stops its receiver before its lease ends at the
 * database, so when the lock is released and another relay takes the row over, the two receivers
 * never run at the same time.
 */
@Isolated // reads the process's standard error: no other suite may log meanwhile
class SqliteWriteLockTest {
  private static final Duration LEASE = Duration.ofMillis(1_500);

  @TempDir Path dir;

  @Test
  void aReceiverWhoseLeaseCannotBeRenewedBehindTheWriteLockStopsBeforeAnotherRelayTakesOver()
      throws Exception {
    String url = Db.create(Db.SQLITE, dir);
    Signals signals = Signals.create();
    Jdbi jdbi = Db.jdbi(url, signals);
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch takenOver = new CountDownLatch(1);
    AtomicBoolean firstRunning = new AtomicBoolean();
    AtomicReference<String> overlap = new AtomicReference<>("none");
    AtomicBoolean stopped = new AtomicBoolean();
    try (StderrCapture log = StderrCapture.start();
        Outbox first =
            Outbox.builder(jdbi, signals)
                .owner("first")
                .lease(LEASE)
                .deliveryTimeout(Duration.ofMinutes(3))
                .backoff(Duration.ofMillis(10), Duration.ofMillis(10))
                .build();
        Outbox second =
            Outbox.builder(Db.jdbi(url, Signals.create()), Signals.create())
                .owner("second")
                .lease(LEASE)
                .pollInterval(Duration.ofMillis(50))
                .build()) {
      first.postSave(
          Meal.class,
          "items.audit",
          e -> {
            if (running.getCount() == 0) {
              return; // a later attempt, once the lock is gone: delivers at once
            }
            firstRunning.set(true);
            try {
              running.countDown();
              takenOver.await(120, TimeUnit.SECONDS);
            } catch (InterruptedException interrupt) {
              stopped.set(true);
              throw interrupt;
            } finally {
              firstRunning.set(false);
            }
          });
      second.postSave(
          Meal.class,
          "items.audit",
          e -> {
            if (firstRunning.get()) {
              overlap.set("the first relay's receiver still ran");
            }
            takenOver.countDown();
          });
      jdbi.onDemand(Meal.Dao.class).insert(new Meal("soup", 1));
      first.start();
      assertThat(running.await(60, TimeUnit.SECONDS)).isTrue();
      second.start();

      // A writer holds the write lock for twice the lease.
      try (Connection writer = DriverManager.getConnection(url);
          Statement statement = writer.createStatement()) {
        statement.execute("BEGIN IMMEDIATE");
        statement.execute(
            "INSERT INTO deliveries (event_id, item_key, version, relay)"
                + " VALUES ('writer', '0', 0, 'writer')");
        Thread.sleep(LEASE.toMillis() * 2);
        statement.execute("COMMIT");
      }

      // Whichever relay delivers it next, the first receiver was stopped before its lease ended.
      assertThat(Await.until(() -> first.status().pending() == 0, Duration.ofMinutes(2))).isTrue();
      assertThat(stopped.get()).as("the first receiver was interrupted").isTrue();
      assertThat(overlap.get()).isEqualTo("none");
      assertThat(log.text()).doesNotContain("\tat ");
    }
  }
}
