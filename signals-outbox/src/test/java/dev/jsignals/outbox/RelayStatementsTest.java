package dev.jsignals.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jsignals.core.Signals;
import dev.jsignals.testsupport.Await;
import dev.jsignals.testsupport.Meal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The statements of the relay's latency path: the claim, prepared once per connection and number of
 * receivers; the completion, which on PostgreSQL commits without waiting for the WAL flush; the
 * check for rows whose relay died, which a relay woken by commits runs once per poll interval.
 */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {Db.SQLITE, Db.POSTGRESQL})
class RelayStatementsTest {
  private static final String AUDIT = "items.audit";
  private static final String MAIL = "items.mail";

  @Parameter String database;

  @TempDir Path dir;

  @Test
  void aClaimClaimsTheRowsOfItsReceiversWhateverClaimsRanBeforeOnItsConnection() {
    Signals signals = Signals.create();
    Jdbi jdbi = Db.jdbi(Db.create(database, dir), signals);
    try (Outbox outbox = Outbox.builder(jdbi, signals).build()) {
      outbox.postSave(Meal.class, AUDIT, e -> {});
      outbox.postSave(Meal.class, MAIL, e -> {});
      Meal.Dao meals = jdbi.onDemand(Meal.Dao.class);
      meals.insert(new Meal("soup", 1));
      meals.insert(new Meal("bread", 1));
    }
    Store store = new Store(jdbi);
    Settings settings = settings(3);
    List<OutboxRow> claimed = new ArrayList<>();
    try (Handle first = jdbi.open()) {
      List<OutboxRow> one = store.claim(first, "a", Set.of(AUDIT), 1, settings);
      assertThat(one).extracting(OutboxRow::receiver).containsExactly(AUDIT);
      List<OutboxRow> next = store.claim(first, "a", Set.of(AUDIT), 10, settings);
      assertThat(next)
          .as("the same statement again, on the same connection: the other key's row")
          .extracting(OutboxRow::receiver)
          .containsExactly(AUDIT);
      assertThat(next.get(0).id()).isNotEqualTo(one.get(0).id());
      List<OutboxRow> both = store.claim(first, "a", Set.of(AUDIT, MAIL), 10, settings);
      assertThat(both)
          .as("two receivers: the rows not claimed yet, the mail rows")
          .extracting(OutboxRow::receiver)
          .containsExactly(MAIL, MAIL);
      claimed.addAll(one);
      claimed.addAll(next);
      claimed.addAll(both);
    }
    try (Handle second = jdbi.open()) {
      assertThat(store.claim(second, "b", Set.of(AUDIT, MAIL), 10, settings))
          .as("every row is leased")
          .isEmpty();
      assertThat(store.complete(second, claimed, Duration.ZERO)).hasSize(4);
      assertThat(store.claim(second, "b", Set.of(AUDIT, MAIL), 10, settings)).isEmpty();
      assertThat(store.rows(OutboxRow.Status.PENDING, 10)).isEmpty();
    }
  }

  @Test
  void aCompletionLeavesItsConnectionsDurabilitySettingsAsTheyWere() {
    Signals signals = Signals.create();
    Jdbi jdbi = Db.jdbi(Db.create(database, dir), signals);
    try (Outbox outbox = Outbox.builder(jdbi, signals).build()) {
      outbox.postSave(Meal.class, AUDIT, e -> {});
      jdbi.onDemand(Meal.Dao.class).insert(new Meal("soup", 1));
    }
    Store store = new Store(jdbi);
    try (Handle h = jdbi.open()) {
      String setting =
          database.equals(Db.POSTGRESQL) ? "SHOW synchronous_commit" : "PRAGMA synchronous";
      String before = h.createQuery(setting).mapTo(String.class).one();
      List<OutboxRow> rows = store.claim(h, "a", Set.of(AUDIT), 10, settings(3));
      assertThat(rows).hasSize(1);

      assertThat(store.complete(h, rows, Duration.ZERO)).containsExactly(rows.get(0).id());
      assertThat(store.complete(h, rows, Duration.ZERO)).as("completed once only").isEmpty();
      assertThat(h.createQuery(setting).mapTo(String.class).one()).isEqualTo(before);
      assertThat(h.createQuery("SELECT COUNT(*) FROM " + Dialect.TABLE).mapTo(Long.class).one())
          .isZero();
    }
  }

  @Test
  void aRelayKeptBusyByCommitsStillMakesDeadARowWhoseRelayDiedTooOften() throws Exception {
    String url = Db.create(database, dir);
    Signals signals = Signals.create();
    Jdbi jdbi = Db.jdbi(url, signals);
    AtomicInteger delivered = new AtomicInteger();
    try (Outbox outbox =
        Outbox.builder(jdbi, signals)
            .maxAttempts(3)
            .pollInterval(Duration.ofMillis(200))
            .listen(false)
            .build()) {
      outbox.postSave(Meal.class, AUDIT, e -> delivered.incrementAndGet());
      outbox.start();
      Meal.Dao meals = jdbi.onDemand(Meal.Dao.class);
      meals.insert(new Meal("soup", 1));
      Await.until("the first row is delivered", () -> delivered.get() == 1);

      // Another process's row whose relays died in its receiver three times, in one transaction
      // with its write, so that no relay claims it in between; inserted at once (not held for the
      // commit on PostgreSQL) so that the transaction's update finds it.
      Signals others = Signals.create();
      Jdbi writer = Db.jdbi(url, others);
      try (Outbox other =
          Outbox.builder(writer, others).wakeOthers(false).rowsWithCommit(false).build()) {
        other.postSave(Meal.class, AUDIT, e -> {});
        writer.useTransaction(
            h -> {
              h.attach(Meal.Dao.class).insert(new Meal("poison", 1));
              h.execute(
                  "UPDATE "
                      + Dialect.TABLE
                      + " SET attempts = 3, unfinished = 3, lease_owner = 'gone', lease_until = 0"
                      + " WHERE status = 'pending'");
            });
      }

      int[] written = {1};
      Await.until(
          "the row is dead while other rows are written and delivered",
          () -> {
            meals.insert(new Meal("bread " + written[0]++, 1));
            return outbox.status().dead() == 1;
          });
      assertThat(outbox.rows(OutboxRow.Status.DEAD))
          .singleElement()
          .satisfies(
              row -> {
                assertThat(row.lastError()).startsWith("relay died 3 times while delivering");
                assertThat(row.attempts()).isEqualTo(3);
              });
      Await.until("the other rows are delivered", () -> delivered.get() == written[0]);
    }
  }

  private static Settings settings(int maxAttempts) {
    return new Settings(
        maxAttempts,
        Duration.ofMillis(10),
        Duration.ofMillis(10),
        Duration.ofMinutes(5),
        Duration.ofMinutes(5),
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
