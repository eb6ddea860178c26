package dev.jsignals.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jsignals.core.Signals;
import dev.jsignals.testsupport.Meal;
import java.nio.file.Path;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL: a row held until the commit that the server refuses (here a key longer than its
 * column) rolls the whole transaction back, the write included, and the commit's error names the
 * row; the handle is usable afterwards. A pgjdbc {@code autosave} connection writes its rows at
 * once.
 */
class HeldRowFailureTest {
  private static final String LONG = "x".repeat(250);

  @TempDir Path dir;

  private String url;
  private Jdbi jdbi;
  private Outbox outbox;

  @BeforeEach
  void open() {
    url = Db.create(Db.POSTGRESQL, dir);
    Signals signals = Signals.create();
    jdbi = Db.jdbi(url, signals);
    outbox = Outbox.builder(jdbi, signals).key(Meal.class, Meal::getName).build();
    outbox.postSave(Meal.class, "items.mail", e -> {});
  }

  @AfterEach
  void close() {
    outbox.close();
  }

  private long count(String table) {
    return jdbi.withHandle(h -> h.select("SELECT COUNT(*) FROM " + table).mapTo(long.class).one());
  }

  @Test
  void aHeldRowTheServerRefusesRollsTheWholeTransactionBackNamingTheRow() {
    assertThatThrownBy(
            () ->
                jdbi.useTransaction(
                    h -> {
                      h.attach(Meal.Dao.class).insert(new Meal("soup", 1));
                      h.attach(Meal.Dao.class).insert(new Meal(LONG, 1));
                    }))
        .hasMessageContaining("receiver 'items.mail'")
        .hasMessageContaining("model " + Meal.class.getName())
        .hasMessageContaining("key " + LONG)
        .hasMessageContaining("rolled back")
        .hasMessageContaining("value too long");

    assertThat(count("meals")).as("the write is rolled back with its row").isZero();
    assertThat(count("jsignals_outbox")).isZero();
    jdbi.onDemand(Meal.Dao.class).insert(new Meal("bread", 1));
    assertThat(outbox.rows(OutboxRow.Status.PENDING))
        .extracting(OutboxRow::key)
        .containsExactly("bread");
  }

  @Test
  void aRefusedRowAmongSeveralIsNamedAndAManualCommitLeavesTheHandleOutOfItsTransaction() {
    try (Handle handle = jdbi.open()) {
      Meal.Dao meals = handle.attach(Meal.Dao.class);
      handle.begin();
      meals.insert(new Meal("soup", 1));
      meals.insert(new Meal(LONG, 1));
      meals.insert(new Meal("cake", 1));

      assertThatThrownBy(handle::commit).hasMessageContaining("key " + LONG);

      assertThat(handle.isInTransaction()).as("rolled back by the failed commit").isFalse();
      handle.rollback(); // what a caller does after a failed commit: harmless
      meals.insert(new Meal("bread", 1));
    }
    assertThat(count("meals")).isEqualTo(1);
    assertThat(outbox.rows(OutboxRow.Status.PENDING))
        .extracting(OutboxRow::key)
        .containsExactly("bread");
  }

  @Test
  void aHeldRowRefusedAtASavepointFailsTheSavepointAndTheCommit() {
    try (Handle handle = jdbi.open()) {
      Meal.Dao meals = handle.attach(Meal.Dao.class);
      handle.begin();
      meals.insert(new Meal(LONG, 1));

      assertThatThrownBy(() -> handle.savepoint("later")).hasMessageContaining("key " + LONG);
      assertThatThrownBy(handle::commit)
          .as("the transaction is aborted: its commit must not end in silence")
          .hasMessageContaining("key " + LONG);
      assertThat(handle.isInTransaction()).isFalse();
    }
    assertThat(count("meals")).isZero();
    assertThat(count("jsignals_outbox")).isZero();
  }

  @Test
  void aRefusedRowInABatchWrittenBeforeTheCommitFailsTheWriteThatFilledIt() {
    assertThatThrownBy(
            () ->
                jdbi.useTransaction(
                    h -> {
                      Meal.Dao meals = h.attach(Meal.Dao.class);
                      for (int i = 1; i <= CommitRows.HELD_LIMIT; i++) {
                        meals.insert(new Meal(i == 2 ? LONG : "soup", i));
                      }
                      throw new AssertionError("the write that filled the batch must fail");
                    }))
        .hasStackTraceContaining("key " + LONG);

    assertThat(count("meals")).isZero();
    assertThat(count("jsignals_outbox")).isZero();
  }

  @Test
  void aConnectionWithDriverSavepointsWritesItsRowsAtOnce() {
    Signals signals = Signals.create();
    Jdbi autosaving = Db.jdbi(url + "&autosave=always", signals);
    try (Outbox second = Outbox.builder(autosaving, signals).build();
        Handle handle = autosaving.open()) {
      second.postSave(Meal.class, "items.autosaved", e -> {});
      handle.begin();
      handle.attach(Meal.Dao.class).insert(new Meal("soup", 1));
      assertThat(
              handle
                  .select("SELECT COUNT(*) FROM jsignals_outbox WHERE receiver = 'items.autosaved'")
                  .mapTo(long.class)
                  .one())
          .as("written at once, not held")
          .isEqualTo(1);
      handle.commit();
    }
    assertThat(count("jsignals_outbox")).isEqualTo(1);
  }
}
