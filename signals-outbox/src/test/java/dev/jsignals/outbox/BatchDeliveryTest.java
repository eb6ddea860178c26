package dev.jsignals.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jsignals.core.Signals;
import dev.jsignals.testsupport.Meal;
import dev.jsignals.testsupport.StderrCapture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jdbi.v3.core.Jdbi;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A {@link BatchDeliveryTarget} gets a key's next rows together, in commit order, and per key the
 * relay completes the rows up to the first failure only: the failed row takes its backoff (or
 * pauses the target), the key's later rows are given back untried and follow it, in order.
 */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {Db.SQLITE, Db.POSTGRESQL})
class BatchDeliveryTest {
  private static final String UID = "meals.batch";

  @Parameter String database;

  @TempDir Path dir;

  /** Answers each row with what {@code answer} says; records every call's rows. */
  private static final class Target implements BatchDeliveryTarget {
    interface Answer {
      @Nullable Exception of(int call, OutboxRow row);
    }

    final List<List<OutboxRow>> calls = new CopyOnWriteArrayList<>();
    final Answer answer;

    Target(Answer answer) {
      this.answer = answer;
    }

    @Override
    public List<@Nullable Exception> deliverBatch(List<OutboxRow> rows) {
      calls.add(List.copyOf(rows));
      List<@Nullable Exception> answers = new ArrayList<>();
      for (OutboxRow row : rows) {
        answers.add(answer.of(calls.size(), row));
      }
      return answers;
    }

    @Override
    public void deliver(OutboxRow row) {
      throw new AssertionError("the relay hands a batch target batches");
    }
  }

  private Jdbi jdbi;
  private Signals signals;

  /** Writes meal {@code name} and {@code updates} updates of it: 1 + updates rows of one key. */
  private void write(String name, int updates) {
    Meal.Dao meals = jdbi.onDemand(Meal.Dao.class);
    Meal meal = new Meal(name, 0);
    meals.insert(meal);
    for (int v = 1; v <= updates; v++) {
      meal.setVersion(v);
      meals.update(meal);
    }
  }

  private Outbox outbox(Target target) {
    signals = signals == null ? Signals.create() : signals;
    Outbox outbox =
        Outbox.builder(jdbi, signals)
            .backoff(Duration.ofMinutes(10), Duration.ofMinutes(10))
            .pollInterval(Duration.ofMinutes(10))
            .build();
    outbox.route(signals.postSave().signal(), Meal.class, UID, target);
    return outbox;
  }

  private void open() {
    signals = Signals.create();
    jdbi = Db.jdbi(Db.create(database, dir), signals);
  }

  private static List<Long> seqs(List<OutboxRow> rows, String key) {
    return rows.stream().filter(r -> r.key().equals(key)).map(OutboxRow::seq).toList();
  }

  @Test
  void aKeysRowsAreHandedOverTogetherInCommitOrderAndCompletedInOneRound() {
    open();
    Target target = new Target((call, row) -> null);
    try (Outbox outbox = outbox(target)) {
      write("soup", 4);
      write("bread", 1);
      List<OutboxRow> written = outbox.rows(OutboxRow.Status.PENDING);

      DeliveryReport report = outbox.deliverDueReport();

      assertThat(report).isEqualTo(new DeliveryReport(7, 0, 0, 0, 0));
      assertThat(target.calls).as("one call, every row of both keys").hasSize(1);
      List<OutboxRow> sent = target.calls.get(0);
      assertThat(sent).hasSize(7);
      for (String key : List.of("1", "2")) {
        assertThat(seqs(sent, key)).as("key %s in commit order", key).isSorted();
        assertThat(seqs(sent, key)).isEqualTo(seqs(written, key));
      }
      assertThat(outbox.status().pending()).isZero();
    }
  }

  @Test
  void aFailedRowStopsItsKeyAndItsLaterRowsFollowItInOrder() {
    open();
    // The third row of soup fails the first time; bread's rows are fine.
    Target target =
        new Target(
            (call, row) ->
                call == 1 && row.key().equals("1") && row.payload().contains("\"version\":2")
                    ? new IllegalStateException("the kitchen printer jammed")
                    : null);
    try (StderrCapture log = new StderrCapture();
        Outbox outbox = outbox(target)) {
      write("soup", 4);
      write("bread", 1);

      DeliveryReport first = outbox.deliverDueReport();

      // Soup's first two rows and bread's two are delivered; soup's third failed and its last two
      // were given back untried.
      assertThat(first).isEqualTo(new DeliveryReport(4, 1, 0, 2, 0));
      List<OutboxRow> left = outbox.rows(OutboxRow.Status.PENDING);
      left = left.stream().sorted(Comparator.comparingLong(OutboxRow::seq)).toList();
      assertThat(left).hasSize(3).allMatch(r -> r.key().equals("1"));
      assertThat(left.get(0).attempts()).isEqualTo(1);
      assertThat(left.get(0).lastError()).contains("the kitchen printer jammed");
      assertThat(left.get(0).payload()).contains("\"version\":2");
      assertThat(left.subList(1, 3)).allMatch(r -> r.attempts() == 0 && r.lastError() == null);
      assertThat(outbox.deliverDueReport().delivered())
          .as("the key waits for its failed row's backoff")
          .isZero();
      assertThat(log.text()).contains("failed attempt 1 of 16: IllegalStateException");

      // The backoff ends: the failed row goes first, the key's later rows after it.
      jdbi.useHandle(h -> h.execute("UPDATE jsignals_outbox SET next_at = 0"));
      assertThat(outbox.deliverDueReport()).isEqualTo(new DeliveryReport(3, 0, 0, 0, 0));
      assertThat(target.calls).hasSize(2);
      assertThat(seqs(target.calls.get(1), "1"))
          .isEqualTo(left.stream().map(OutboxRow::seq).toList());
      assertThat(outbox.status().pending()).isZero();
    }
  }

  @Test
  void anUnreachableTargetKeepsTheAttemptsOfItsKeysRows() {
    open();
    Target target =
        new Target(
            (call, row) ->
                row.payload().contains("\"version\":1")
                    ? new TargetUnreachableException("the printer is off", null)
                    : null);
    try (StderrCapture log = new StderrCapture();
        Outbox outbox = outbox(target)) {
      write("soup", 3);

      assertThat(outbox.deliverDueReport()).isEqualTo(new DeliveryReport(1, 0, 0, 3, 0));
      List<OutboxRow> left = outbox.rows(OutboxRow.Status.PENDING);
      assertThat(left).hasSize(3).allMatch(r -> r.attempts() == 0);
      assertThat(outbox.failed()).isZero();
      assertThat(log.text()).contains("Outbox target " + UID + " is unreachable");
    }
  }

  @Test
  void aRowWhoseClaimMovedOnIsNotCompletedByTheBatch() {
    open();
    // While the batch is out, another relay takes soup's second row over (its fence moves).
    Target target =
        new Target(
            (call, row) -> {
              if (call == 1 && row.payload().contains("\"version\":1")) {
                jdbi.useHandle(
                    h ->
                        h.execute(
                            "UPDATE jsignals_outbox SET fence = fence + 1 WHERE id = ?", row.id()));
              }
              return null;
            });
    try (StderrCapture log = new StderrCapture();
        Outbox outbox = outbox(target)) {
      write("soup", 2);

      assertThat(outbox.deliverDueReport()).isEqualTo(new DeliveryReport(2, 0, 0, 0, 1));
      List<OutboxRow> left = outbox.rows(OutboxRow.Status.PENDING);
      assertThat(left).hasSize(1);
      assertThat(left.get(0).payload()).contains("\"version\":1");
      assertThat(log.text()).contains("lost claim");
    }
  }
}
