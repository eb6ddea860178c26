package dev.jsignals.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jsignals.core.PostSave;
import dev.jsignals.core.Signals;
import dev.jsignals.core.WriteContext;
import dev.jsignals.testsupport.Meal;
import java.nio.file.Path;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/** Outbox rows are written in the write's own transaction, one per durable receiver. */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {Db.SQLITE, Db.POSTGRESQL})
class OutboxRowsTest {
  @Parameter String database;

  @TempDir Path dir;

  @Test
  void aWriteLeavesOneRowPerDurableReceiverWithTheEventAsJson() {
    Signals signals = Signals.create();
    Jdbi jdbi = Db.jdbi(Db.create(database, dir), signals);
    try (Outbox outbox = Outbox.builder(jdbi, signals).build()) {
      outbox.postSave(Meal.class, "items.mail", e -> {});
      outbox.postSave(Meal.class, "items.audit", e -> {});
      long id = jdbi.onDemand(Meal.Dao.class).insert(new Meal("soup", 1));

      List<OutboxRow> rows = outbox.rows(OutboxRow.Status.PENDING);
      assertThat(rows).extracting(OutboxRow::receiver).containsExactly("items.mail", "items.audit");
      assertThat(rows)
          .allSatisfy(
              r -> {
                assertThat(r.model()).isEqualTo(Meal.class.getName());
                assertThat(r.key()).isEqualTo(String.valueOf(id));
                assertThat(r.signal()).isEqualTo("post_save");
                assertThat(r.payload()).contains("\"name\":\"soup\"").contains("\"created\":true");
              });
      assertThat(rows.get(1).seq()).isGreaterThan(rows.get(0).seq());
      assertThat(rows.get(0).eventId()).isNotEqualTo(rows.get(1).eventId());
    }
  }

  @Test
  void aRolledBackWriteLeavesNoRow() {
    Signals signals = Signals.create();
    Jdbi jdbi = Db.jdbi(Db.create(database, dir), signals);
    try (Outbox outbox = Outbox.builder(jdbi, signals).build()) {
      outbox.postSave(Meal.class, "items.mail", e -> {});
      assertThatThrownBy(
              () ->
                  jdbi.useTransaction(
                      h -> {
                        h.attach(Meal.Dao.class).insert(new Meal("soup", 1));
                        throw new IllegalStateException("the order failed");
                      }))
          .hasMessage("the order failed");

      assertThat(outbox.status().pending()).isZero();
      long items =
          jdbi.withHandle(h -> h.select("SELECT COUNT(*) FROM meals").mapTo(Long.class).one());
      assertThat(items).isZero();
    }
  }

  @Test
  void aHandSentEventIsRefusedNamingTheReceiverAndWritesNothing() {
    Signals signals = Signals.create();
    Jdbi jdbi = Db.jdbi(Db.create(database, dir), signals);
    try (Outbox outbox = Outbox.builder(jdbi, signals).build()) {
      outbox.postSave(Meal.class, "items.mail", e -> {});
      Meal item = new Meal("soup", 1);
      PostSave<Meal> event =
          new PostSave<>(Meal.class, item, true, false, "default", null, WriteContext.NONE);

      assertThatThrownBy(() -> signals.postSave().send(event))
          .hasMessageContaining("items.mail")
          .hasMessageContaining("sent by hand");
      assertThat(outbox.status().pending()).isZero();
    }
  }

  @Test
  void badDurableConnectsAreRefusedNamingTheFault() {
    Signals signals = Signals.create();
    Jdbi jdbi = Db.jdbi(Db.create(database, dir), signals);
    try (Outbox outbox = Outbox.builder(jdbi, signals).build()) {
      assertThatThrownBy(() -> outbox.postSave(Meal.class, " ", e -> {}))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("uid must not be blank");
      assertThatThrownBy(() -> outbox.route(signals.preSave().signal(), Meal.class, "x", row -> {}))
          .hasMessageContaining("not pre_save");
    }
  }
}
