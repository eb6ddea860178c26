package dev.jsignals.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jsignals.core.PostSave;
import dev.jsignals.core.Signals;
import dev.jsignals.testsupport.Meal;
import java.nio.file.Path;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A {@code @Receiver(durable = true)} method is not called in the write: the outbox built on the
 * signals that discovered it takes it over, writes its row in the write's transaction and delivers
 * it after the commit.
 */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {Db.SQLITE, Db.POSTGRESQL})
class DurableReceiverTest {
  @Parameter String database;

  @TempDir Path dir;

  @BeforeEach
  void forgetEarlierDeliveries() {
    DurableItemReceivers.RECEIVED.clear();
  }

  @Test
  void aDiscoveredDurableReceiverGetsItsEventFromTheOutboxAfterTheCommit() throws Exception {
    Signals signals = Signals.discover();
    Jdbi jdbi = Db.jdbi(Db.create(database, dir), signals);
    try (Outbox outbox = Outbox.builder(jdbi, signals).build()) {
      long id = jdbi.onDemand(Meal.Dao.class).insert(new Meal("soup", 1));

      assertThat(DurableItemReceivers.RECEIVED).as("not called in the write").isEmpty();
      List<OutboxRow> rows = outbox.rows(OutboxRow.Status.PENDING);
      assertThat(rows).extracting(OutboxRow::receiver).containsExactly("items.durable-welcome");
      assertThat(rows.get(0).key()).isEqualTo(String.valueOf(id));

      assertThat(outbox.deliverDue()).isEqualTo(1);
      PostSave<Meal> event = DurableItemReceivers.RECEIVED.poll();
      assertThat(event).isNotNull();
      assertThat(event.instance().getName()).isEqualTo("soup");
      assertThat(event.context().unwrap(Delivery.class).orElseThrow().eventId())
          .isEqualTo(rows.get(0).eventId());
      assertThat(DurableItemReceivers.RECEIVED).as("delivered once").isEmpty();
      assertThat(outbox.status().pending()).isZero();
    }
  }

  @Test
  void connectingADurableReceiverByReflectionIsRefusedNamingTheWayToConnectIt() {
    Signals signals = Signals.create();

    assertThatThrownBy(() -> signals.connectAnnotated(DurableItemReceivers.class))
        .hasMessageContaining(DurableItemReceivers.class.getName() + "#welcome")
        .hasMessageContaining("durable = true")
        .hasMessageContaining("Signals.discover()");
    assertThat(signals.postSave().hasListeners()).isFalse();
  }

  @Test
  void aSecondOutboxOnTheSameSignalsLeavesTheDurableReceiverToTheFirst() {
    Signals signals = Signals.discover();
    Jdbi jdbi = Db.jdbi(Db.create(database, dir), signals);
    try (Outbox first = Outbox.builder(jdbi, signals).build();
        Outbox second = Outbox.builder(jdbi, signals).build()) {
      jdbi.onDemand(Meal.Dao.class).insert(new Meal("soup", 1));

      assertThat(second.deliverDue()).as("not the second outbox's receiver").isZero();
      assertThat(first.deliverDue()).isEqualTo(1);
      assertThat(DurableItemReceivers.RECEIVED).hasSize(1);
    }
  }

  @Test
  void aWriteReachingADurableReceiverWithoutAnOutboxFailsNamingItAndChangesNothing() {
    Signals signals = Signals.discover();
    Jdbi jdbi = Db.jdbi(Db.create(database, dir), signals);

    assertThatThrownBy(() -> jdbi.onDemand(Meal.Dao.class).insert(new Meal("soup", 1)))
        .hasStackTraceContaining("Durable receiver " + DurableItemReceivers.class.getName())
        .hasStackTraceContaining("items.durable-welcome")
        .hasStackTraceContaining("has no outbox");
    int items = jdbi.withHandle(h -> h.select("SELECT COUNT(*) FROM meals").mapTo(int.class).one());
    assertThat(items).as("the write was rolled back").isZero();
    assertThat(DurableItemReceivers.RECEIVED).isEmpty();
  }
}
