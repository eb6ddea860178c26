package dev.jsignals.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jsignals.core.Signals;
import dev.jsignals.testsupport.Await;
import dev.jsignals.testsupport.Meal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A relay whose claim ended (another relay took the row over, or an operator skipped or retried it)
 * changes nothing on the row: every transition is one compare-and-set on the row's id, fencing
 * token and status, and every operator action moves the token.
 */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {Db.SQLITE, Db.POSTGRESQL})
class StaleRelayTest {
  private static final Duration SHORT = Duration.ofMillis(300);
  private static final Set<String> RECEIVERS = Set.of("items.audit");

  @Parameter String database;

  @TempDir Path dir;

  private Jdbi jdbi;
  private Store store;
  private Signals signals;

  @BeforeEach
  void oneRow() {
    signals = Signals.create();
    jdbi = Db.jdbi(Db.create(database, dir), signals);
    try (Outbox outbox = Outbox.builder(jdbi, signals).build()) {
      outbox.postSave(Meal.class, "items.audit", e -> {});
      jdbi.onDemand(Meal.Dao.class).insert(new Meal("soup", 1));
    }
    store = new Store(jdbi);
  }

  @Test
  void aRelayWhoseRowWasTakenOverCannotCompleteFailRenewOrReleaseIt() throws Exception {
    try (Handle h = jdbi.open()) {
      OutboxRow stale = claimOne(h, "a", settings(SHORT, 5));
      OutboxRow taken = awaitClaim(h, "b", settings(Duration.ofMinutes(5), 5));
      Map<String, Object> before = row(h);

      assertThat(store.complete(h, stale, Duration.ZERO)).isFalse();
      assertThat(store.complete(h, stale, Duration.ofHours(1))).isFalse();
      assertThat(store.fail(h, stale, "stale failure", 0, 1)).isFalse();
      assertThat(store.renew(h, stale, Duration.ofHours(1))).isFalse();
      assertThat(store.release(h, stale, "stale release", 0)).isFalse();

      assertThat(row(h)).as("untouched: not deleted, not rescheduled").isEqualTo(before);
      assertThat(before)
          .containsEntry("status", "pending")
          .containsEntry("lease_owner", "b")
          .containsEntry("attempts", 2L)
          .containsEntry("fence", taken.fence());
      assertThat(store.complete(h, taken, Duration.ZERO)).as("the new owner's stands").isTrue();
    }
  }

  @Test
  void aRelayCannotUndoASkipOfTheRowItStillDelivers() throws Exception {
    try (Handle h = jdbi.open()) {
      OutboxRow stale = claimOne(h, "a", settings(SHORT, 1));
      assertThat(Await.until(() -> store.skip(stale.id()) == 1, Duration.ofSeconds(60)))
          .as("skipped once its lease ended")
          .isTrue();
      Map<String, Object> skipped = row(h);

      assertThat(store.fail(h, stale, "late failure", 0, 5)).as("not pending again").isFalse();
      assertThat(store.fail(h, stale, "late failure", 0, 1)).as("not dead again").isFalse();
      assertThat(store.renew(h, stale, Duration.ofHours(1))).isFalse();
      assertThat(store.complete(h, stale, Duration.ZERO)).isFalse();
      assertThat(row(h)).isEqualTo(skipped).containsEntry("status", "skipped");
    }
  }

  @Test
  void aRetryMovesTheFenceSoAnEarlierClaimCannotCompleteTheRetriedRow() throws Exception {
    try (Handle h = jdbi.open()) {
      OutboxRow first = claimOne(h, "a", settings(Duration.ofMinutes(5), 1));
      assertThat(store.fail(h, first, "poison", 0, 1)).isTrue();
      assertThat(row(h)).containsEntry("status", "dead");
      assertThat(store.retry(first.id())).isEqualTo(1);
      Map<String, Object> retried = row(h);

      assertThat(store.complete(h, first, Duration.ZERO)).isFalse();
      assertThat(store.fail(h, first, "again", 0, 1)).isFalse();
      assertThat(row(h)).isEqualTo(retried).containsEntry("status", "pending");
      assertThat((Long) retried.get("fence")).isGreaterThan(first.fence());
    }
  }

  @Test
  void oneCompletionOfManyRowsCompletesOnlyThoseWhoseClaimStillHolds() throws Exception {
    try (Outbox outbox = Outbox.builder(jdbi, signals).build()) {
      outbox.postSave(Meal.class, "items.audit", e -> {});
      jdbi.onDemand(Meal.Dao.class).insert(new Meal("bread", 1));
    }
    try (Handle h = jdbi.open()) {
      List<OutboxRow> both = store.claim(h, "a", RECEIVERS, 10, settings(SHORT, 5));
      assertThat(both).hasSize(2);
      OutboxRow[] taken = new OutboxRow[1];
      assertThat(
              Await.until(
                  () -> {
                    List<OutboxRow> rows =
                        store.claim(h, "b", RECEIVERS, 1, settings(Duration.ofMinutes(5), 5));
                    taken[0] = rows.isEmpty() ? null : rows.get(0);
                    return taken[0] != null;
                  },
                  Duration.ofSeconds(60)))
          .as("b takes over the first row once a's lease ended")
          .isTrue();
      assertThat(taken[0].id()).isEqualTo(both.get(0).id());

      assertThat(store.complete(h, both, Duration.ZERO))
          .as("only the row a still holds")
          .containsExactly(both.get(1).id());
      assertThat(h.createQuery("SELECT id, lease_owner FROM " + Dialect.TABLE).mapToMap().list())
          .singleElement()
          .satisfies(
              row -> {
                assertThat(((Number) row.get("id")).longValue()).isEqualTo(taken[0].id());
                assertThat(row.get("lease_owner")).isEqualTo("b");
              });
      assertThat(store.complete(h, List.of(taken[0]), Duration.ZERO))
          .as("the new owner's stands")
          .containsExactly(taken[0].id());
    }
  }

  private OutboxRow claimOne(Handle h, String owner, Settings settings) {
    List<OutboxRow> rows = store.claim(h, owner, RECEIVERS, 10, settings);
    assertThat(rows).hasSize(1);
    return rows.get(0);
  }

  /** Claims the row once its lease ended, by the database's clock. */
  private OutboxRow awaitClaim(Handle h, String owner, Settings settings) throws Exception {
    OutboxRow[] taken = new OutboxRow[1];
    assertThat(
            Await.until(
                () -> {
                  List<OutboxRow> rows = store.claim(h, owner, RECEIVERS, 10, settings);
                  taken[0] = rows.isEmpty() ? null : rows.get(0);
                  return taken[0] != null;
                },
                Duration.ofSeconds(60)))
        .isTrue();
    return taken[0];
  }

  private static Map<String, Object> row(Handle h) {
    return h.createQuery(
            "SELECT status, attempts, fence, next_at, lease_owner, lease_until, last_error FROM "
                + Dialect.TABLE)
        .map(
            (rs, ctx) -> {
              Map<String, Object> row = new java.util.HashMap<>();
              row.put("status", rs.getString(1));
              row.put("attempts", rs.getLong(2));
              row.put("fence", rs.getLong(3));
              row.put("next_at", rs.getLong(4));
              row.put("lease_owner", rs.getString(5));
              row.put("lease_until", rs.getLong(6));
              row.put("last_error", rs.getString(7));
              return row;
            })
        .one();
  }

  private static Settings settings(Duration lease, int maxAttempts) {
    return new Settings(
        maxAttempts,
        Duration.ofMillis(10),
        Duration.ofMillis(10),
        lease,
        lease,
        Duration.ofMillis(50),
        10,
        1,
        Duration.ZERO,
        false,
        false,
        "test",
        4,
        0);
  }
}
