package dev.jsignals.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jsignals.core.PostSave;
import dev.jsignals.core.Signals;
import dev.jsignals.jdbi.Inserts;
import dev.jsignals.testsupport.Meal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.transaction.LocalTransactionHandler;
import org.jdbi.v3.core.transaction.SerializableTransactionRunner;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;
import org.jdbi.v3.sqlobject.customizer.BindBean;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A durable write's row commits and rolls back with the write, whether PostgreSQL holds it until
 * the commit and sends it with the {@code COMMIT} or it is inserted at once (SQLite, savepoints, a
 * transaction handler replaced after the outbox was built): per key in commit order either way.
 */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {Db.SQLITE, Db.POSTGRESQL})
class RowsWithCommitTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Parameter String database;

  @TempDir Path dir;

  private Jdbi jdbi;
  private Outbox outbox;
  private final List<PostSave<Meal>> received = new ArrayList<>();

  @BeforeEach
  void open() {
    Signals signals = Signals.create();
    jdbi = Db.jdbi(Db.create(database, dir), signals);
    outbox = Outbox.builder(jdbi, signals).key(Meal.class, Meal::getName).build();
    outbox.postSave(Meal.class, "items.mail", received::add);
  }

  @AfterEach
  void close() {
    outbox.close();
  }

  /** Whether this database holds a transaction's rows until its commit. */
  private boolean held() {
    return database.equals(Db.POSTGRESQL);
  }

  private static long outboxRows(Handle handle) {
    return handle.select("SELECT COUNT(*) FROM jsignals_outbox").mapTo(long.class).one();
  }

  private long meals() {
    return jdbi.withHandle(h -> h.select("SELECT COUNT(*) FROM meals").mapTo(long.class).one());
  }

  @Test
  void theRowOfADurableWriteIsThereAfterItsCommitAndIsDelivered() {
    long id = jdbi.onDemand(Meal.Dao.class).insert(new Meal("soup", 1));

    List<OutboxRow> rows = outbox.rows(OutboxRow.Status.PENDING);
    assertThat(rows).extracting(OutboxRow::receiver).containsExactly("items.mail");
    assertThat(rows.get(0).key()).isEqualTo("soup");
    assertThat(outbox.deliverDue()).isEqualTo(1);
    assertThat(received).extracting(e -> e.instance().getId()).containsExactly(id);
  }

  @Test
  void aManualTransactionHoldsItsRowsUntilItsCommitOnPostgresql() {
    try (Handle handle = jdbi.open()) {
      handle.begin();
      handle.attach(Meal.Dao.class).insert(new Meal("soup", 1));
      handle.inTransaction(h -> h.attach(Meal.Dao.class).insert(new Meal("bread", 1)));

      assertThat(outboxRows(handle))
          .as("rows in the transaction before its commit")
          .isEqualTo(held() ? 0 : 2);
      handle.commit();

      assertThat(handle.isInTransaction()).isFalse();
      assertThat(outboxRows(handle)).isEqualTo(2);
    }
    assertThat(meals()).isEqualTo(2);
    assertThat(outbox.deliverDue()).isEqualTo(2);
    assertThat(received)
        .extracting(e -> e.instance().getName())
        .containsExactlyInAnyOrder("soup", "bread");
  }

  @Test
  void aRolledBackTransactionLeavesNeitherTheWriteNorItsRow() {
    assertThatThrownBy(
            () ->
                jdbi.useTransaction(
                    h -> {
                      h.attach(Meal.Dao.class).insert(new Meal("soup", 1));
                      throw new IllegalStateException("changed my mind");
                    }))
        .hasMessage("changed my mind");
    try (Handle handle = jdbi.open()) {
      handle.begin();
      handle.attach(Meal.Dao.class).insert(new Meal("bread", 1));
      handle.rollback();
      handle.attach(Meal.Dao.class).insert(new Meal("cake", 1)); // auto-commit: its row at once
    }
    assertThat(meals()).isEqualTo(1);
    assertThat(outbox.rows(OutboxRow.Status.PENDING))
        .extracting(OutboxRow::key)
        .containsExactly("cake");
  }

  @Test
  void aHandleClosedWithItsTransactionOpenWritesNeitherTheWriteNorItsRow() {
    Handle handle = jdbi.open();
    handle.begin();
    handle.attach(Meal.Dao.class).insert(new Meal("soup", 1));
    assertThatThrownBy(handle::close).hasMessageContaining("transaction");

    assertThat(meals()).isZero();
    assertThat(outbox.rows(OutboxRow.Status.PENDING)).isEmpty();
  }

  @Test
  void rowsOfSeveralKeysInOneTransactionKeepEachKeysOrder() throws Exception {
    jdbi.useTransaction(
        h -> {
          Meal.Dao meals = h.attach(Meal.Dao.class);
          for (String[] write :
              new String[][] {{"a", "1"}, {"b", "1"}, {"a", "2"}, {"a", "3"}, {"b", "2"}}) {
            meals.insert(new Meal(write[0], Integer.parseInt(write[1])));
          }
        });
    jdbi.useTransaction(
        h -> {
          h.attach(Meal.Dao.class).insert(new Meal("b", 3));
          h.attach(Meal.Dao.class).insert(new Meal("a", 4));
        });

    Map<String, List<Integer>> versionsBySeq = new TreeMap<>();
    List<OutboxRow> rows = new ArrayList<>(outbox.rows(OutboxRow.Status.PENDING));
    rows.sort((x, y) -> Long.compare(x.seq(), y.seq()));
    for (OutboxRow row : rows) {
      int version = JSON.readTree(row.payload()).findValue("version").asInt();
      versionsBySeq.computeIfAbsent(row.key(), k -> new ArrayList<>()).add(version);
    }
    assertThat(versionsBySeq)
        .containsEntry("a", List.of(1, 2, 3, 4))
        .containsEntry("b", List.of(1, 2, 3));
  }

  @Test
  void aSavepointRolledBackTakesItsRowsWithItAndKeepsTheRowsBeforeIt() {
    try (Handle handle = jdbi.open()) {
      Meal.Dao meals = handle.attach(Meal.Dao.class);
      handle.begin();
      meals.insert(new Meal("soup", 1));
      handle.savepoint("second_thoughts");
      assertThat(outboxRows(handle)).as("the rows held are written at the savepoint").isEqualTo(1);
      meals.insert(new Meal("bread", 1));
      handle.rollbackToSavepoint("second_thoughts");
      meals.insert(new Meal("cake", 1));
      handle.commit();
    }
    assertThat(outbox.rows(OutboxRow.Status.PENDING))
        .extracting(OutboxRow::key)
        .containsExactlyInAnyOrder("soup", "cake");
    assertThat(meals()).isEqualTo(2);
  }

  @Test
  void aLongTransactionWritesItsRowsInBatchesAndKeepsTheirOrder() throws Exception {
    int writes = CommitRows.HELD_LIMIT * 2 + 7;
    jdbi.useTransaction(
        h -> {
          Meal.Dao meals = h.attach(Meal.Dao.class);
          for (int version = 1; version <= writes; version++) {
            meals.insert(new Meal("a", version));
          }
          assertThat(outboxRows(h))
              .as("rows written before the commit: whole batches only, the rest held")
              .isEqualTo(held() ? writes - writes % CommitRows.HELD_LIMIT : writes);
        });

    List<OutboxRow> rows = new ArrayList<>(outbox.rows(OutboxRow.Status.PENDING));
    rows.sort((x, y) -> Long.compare(x.seq(), y.seq()));
    List<Integer> versions = new ArrayList<>();
    for (OutboxRow row : rows) {
      versions.add(JSON.readTree(row.payload()).findValue("version").asInt());
    }
    assertThat(versions).hasSize(writes).isSorted().startsWith(1).endsWith(writes);
  }

  /** Meals inserted with a robust {@code post_save}: each receiver in a savepoint of its own. */
  public interface RobustMeals {
    /**
     * Inserts the meal.
     *
     * @param meal the meal
     * @return its generated id
     */
    @SqlUpdate("INSERT INTO meals (name, version) VALUES (:name, :version)")
    @GetGeneratedKeys("id")
    @Inserts(value = Meal.class, robust = true)
    long insert(@BindBean Meal meal);
  }

  @Test
  void aRobustWriteAfterHeldRowsOfItsKeyNumbersAfterThem() throws Exception {
    jdbi.useTransaction(
        TransactionIsolationLevel.REPEATABLE_READ,
        h -> {
          h.attach(Meal.Dao.class).insert(new Meal("a", 1));
          h.attach(Meal.Dao.class).insert(new Meal("a", 2));
          h.attach(RobustMeals.class).insert(new Meal("a", 3));
          h.attach(Meal.Dao.class).insert(new Meal("a", 4));
        });

    List<OutboxRow> rows = new ArrayList<>(outbox.rows(OutboxRow.Status.PENDING));
    rows.sort((x, y) -> Long.compare(x.seq(), y.seq()));
    List<Integer> versions = new ArrayList<>();
    for (OutboxRow row : rows) {
      versions.add(JSON.readTree(row.payload()).findValue("version").asInt());
    }
    assertThat(versions).containsExactly(1, 2, 3, 4);
  }

  @Test
  void aTransactionHandlerWrappedAroundTheOutboxsStillHoldsAndCommitsItsRows() {
    jdbi.setTransactionHandler(new SerializableTransactionRunner(jdbi.getTransactionHandler()));
    jdbi.useTransaction(
        h -> {
          h.attach(Meal.Dao.class).insert(new Meal("soup", 1));
          assertThat(outboxRows(h)).as("rows before the commit").isEqualTo(held() ? 0 : 1);
        });

    assertThat(outbox.rows(OutboxRow.Status.PENDING))
        .extracting(OutboxRow::key)
        .containsExactly("soup");
    assertThat(outbox.deliverDue()).isEqualTo(1);
  }

  @Test
  void aTransactionHandlerReplacedAfterTheOutboxWasBuiltStillGetsItsRowsWritten() {
    jdbi.setTransactionHandler(new LocalTransactionHandler());
    try (Handle handle = jdbi.open()) {
      handle.begin();
      handle.attach(Meal.Dao.class).insert(new Meal("soup", 1));
      assertThat(outboxRows(handle)).as("written at once, not held").isEqualTo(1);
      handle.commit();
    }
    assertThat(outbox.rows(OutboxRow.Status.PENDING))
        .extracting(OutboxRow::key)
        .containsExactly("soup");
    assertThat(outbox.deliverDue()).isEqualTo(1);
  }
}
