package dev.jsignals.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jsignals.core.PostSave;
import dev.jsignals.core.Signals;
import dev.jsignals.testsupport.Await;
import dev.jsignals.testsupport.Meal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/** A relay in the writing process delivers right after the commit, each event once, in order. */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {Db.SQLITE, Db.POSTGRESQL})
class RelayDeliveryTest {
  @Parameter String database;

  @TempDir Path dir;

  @Test
  void aCommittedEventIsDeliveredRightAfterTheCommitNotAtTheNextPoll() throws Exception {
    Signals signals = Signals.create();
    Jdbi jdbi = Db.jdbi(Db.create(database, dir), signals);
    BlockingQueue<PostSave<Meal>> received = new LinkedBlockingQueue<>();
    try (Outbox outbox =
        Outbox.builder(jdbi, signals).pollInterval(Duration.ofMinutes(10)).build()) {
      outbox.postSave(Meal.class, "items.mail", received::add);
      outbox.start();
      Meal item = new Meal("soup", 1);
      jdbi.onDemand(Meal.Dao.class).insert(item);

      PostSave<Meal> event = received.poll(30, TimeUnit.SECONDS);
      assertThat(event).as("delivered long before the 10-minute poll").isNotNull();
      assertThat(event.instance().getId()).isEqualTo(item.getId());
      assertThat(event.instance().getName()).isEqualTo("soup");
      assertThat(event.created()).isTrue();
      Delivery delivery = event.context().unwrap(Delivery.class).orElseThrow();
      assertThat(delivery.receiver()).isEqualTo("items.mail");
      assertThat(delivery.attempt()).isEqualTo(1);
      assertThat(Await.until(() -> outbox.status().pending() == 0, Duration.ofSeconds(30)))
          .as("the delivered row is completed")
          .isTrue();
    }
  }

  @Test
  void theEventsOfOneKeyArriveInCommitOrder() throws Exception {
    Signals signals = Signals.create();
    Jdbi jdbi = Db.jdbi(Db.create(database, dir), signals);
    List<Integer> versions = new CopyOnWriteArrayList<>();
    try (Outbox outbox = Outbox.builder(jdbi, signals).relayThreads(3).build()) {
      outbox.postSave(Meal.class, "items.audit", e -> versions.add(e.instance().getVersion()));
      Meal.Dao items = jdbi.onDemand(Meal.Dao.class);
      Meal item = new Meal("soup", 0);
      items.insert(item);
      outbox.start();
      for (int v = 1; v <= 30; v++) {
        item.setVersion(v);
        items.update(item);
      }
      Await.until(() -> versions.size() >= 31, Duration.ofSeconds(60));
      assertThat(versions).hasSize(31).isSorted();
    }
  }

  @Test
  void keptDeliveredRowsAreCountedAndNotDeliveredAgain() {
    Signals signals = Signals.create();
    Jdbi jdbi = Db.jdbi(Db.create(database, dir), signals);
    List<String> names = new CopyOnWriteArrayList<>();
    try (Outbox outbox = Outbox.builder(jdbi, signals).keepDelivered(Duration.ofHours(1)).build()) {
      outbox.postSave(Meal.class, "items.audit", e -> names.add(e.instance().getName()));
      jdbi.onDemand(Meal.Dao.class).insert(new Meal("soup", 1));
      jdbi.onDemand(Meal.Dao.class).insert(new Meal("bread", 1));

      assertThat(outbox.deliverDue()).isEqualTo(2);
      assertThat(outbox.deliverDue()).isZero();
      assertThat(names).containsExactly("soup", "bread");
      OutboxStatus status = outbox.status();
      assertThat(status.delivered()).isEqualTo(2);
      assertThat(status.pending()).isZero();
      assertThat(status.oldestPending()).isNull();
    }
  }
}
