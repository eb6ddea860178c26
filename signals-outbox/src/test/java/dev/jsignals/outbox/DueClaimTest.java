package dev.jsignals.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jsignals.core.Signals;
import dev.jsignals.testsupport.Meal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A claim reads the rows that are due, not the rows waiting out a backoff nor the rows in flight:
 * it walks the pending rows by due time and stops at the first one not due. So a due row behind
 * many waiting rows is claimed without reading them, rows are claimed in the order they became due,
 * and a table of an earlier version gets the due index (and loses the index it replaces) when an
 * outbox opens on it.
 */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {Db.SQLITE, Db.POSTGRESQL})
class DueClaimTest {
  private static final int WAITING = 20_000;
  private static final Pattern REMOVED = Pattern.compile("Rows Removed by Filter: (\\d+)");

  @Parameter String database;

  @TempDir Path dir;

  @Test
  void aDueRowBehindManyWaitingRowsIsClaimedWithoutReadingThem() {
    Signals signals = Signals.create();
    Jdbi jdbi = Db.jdbi(Db.create(database, dir), signals);
    try (Outbox outbox = Outbox.builder(jdbi, signals).build()) {
      List<String> delivered = new CopyOnWriteArrayList<>();
      outbox.postSave(Meal.class, "items.mail", e -> delivered.add(e.instance().getName()));
      Meal.Dao meals = jdbi.onDemand(Meal.Dao.class);
      meals.insert(new Meal("waiting", 1));
      waitTenYears(jdbi, WAITING);
      meals.insert(new Meal("soup", 1));

      // The first claim also analyses the PostgreSQL table, as a relay's would.
      assertThat(outbox.deliverDue()).isEqualTo(1);
      meals.insert(new Meal("tea", 1));
      for (boolean windowed : new boolean[] {false, true}) {
        assertThat(claimPlan(jdbi, windowed))
            .as("the claim (windowed: %s) seeks the due rows and reads no waiting row", windowed)
            .allSatisfy(line -> assertThat(removedByFilter(line)).isLessThan(100))
            .anySatisfy(
                line ->
                    assertThat(line)
                        .containsAnyOf(
                            "SEARCH o USING INDEX jsignals_outbox_next (next_at<?)",
                            "Index Cond: (next_at <= "));
      }
      assertThat(outbox.deliverDue()).isEqualTo(1);

      assertThat(delivered).containsExactly("soup", "tea");
      assertThat(outbox.status().pending()).isEqualTo(WAITING + 1);
    }
  }

  @Test
  void rowsAreClaimedInTheOrderTheyBecameDue() {
    Signals signals = Signals.create();
    Jdbi jdbi = Db.jdbi(Db.create(database, dir), signals);
    try (Outbox outbox = Outbox.builder(jdbi, signals).batchSize(1).build()) {
      List<String> delivered = new CopyOnWriteArrayList<>();
      outbox.postSave(Meal.class, "items.mail", e -> delivered.add(e.instance().getName()));
      Meal.Dao meals = jdbi.onDemand(Meal.Dao.class);
      meals.insert(new Meal("retried", 1));
      meals.insert(new Meal("fresh", 1));
      // The older row came back from a backoff after the newer one was written.
      jdbi.useHandle(
          h ->
              h.execute(
                  "UPDATE "
                      + Dialect.TABLE
                      + " SET next_at = created_at + CASE WHEN payload LIKE '%retried%' THEN -1000"
                      + " ELSE -2000 END"));

      assertThat(outbox.deliverDue()).isEqualTo(2);

      assertThat(delivered).containsExactly("fresh", "retried");
    }
  }

  @Test
  void aTableOfAnEarlierVersionGetsTheDueIndexInPlaceOfThePendingIndex() {
    Signals signals = Signals.create();
    Jdbi jdbi = Db.jdbi(Db.create(database, dir), signals);
    Dialect dialect = jdbi.withHandle(Dialect::of);
    jdbi.useHandle(
        h -> {
          dialect.schema().forEach(h::execute);
          // The indexes of the previous version.
          h.execute(
              "CREATE INDEX "
                  + Dialect.TABLE
                  + "_pending ON "
                  + Dialect.TABLE
                  + " (id) WHERE status = 'pending'");
          h.execute(
              "CREATE INDEX "
                  + Dialect.TABLE
                  + "_unfinished ON "
                  + Dialect.TABLE
                  + " (id) WHERE status = 'pending' AND unfinished > 0");
        });
    assertThat(indexed(jdbi, dialect, Dialect.DUE_INDEX)).isFalse();

    try (Outbox outbox = Outbox.builder(jdbi, signals).build()) {
      List<String> delivered = new CopyOnWriteArrayList<>();
      outbox.postSave(Meal.class, "items.mail", e -> delivered.add(e.instance().getName()));
      jdbi.onDemand(Meal.Dao.class).insert(new Meal("soup", 1));
      assertThat(outbox.deliverDue()).isEqualTo(1);
      assertThat(delivered).containsExactly("soup");
    }

    assertThat(indexed(jdbi, dialect, Dialect.DUE_INDEX)).isTrue();
    assertThat(indexed(jdbi, dialect, Dialect.TABLE + "_pending")).isFalse();
    assertThat(indexed(jdbi, dialect, Dialect.TABLE + "_done")).isTrue();
    // Opening again finds the table up to date and changes nothing.
    try (Outbox again = Outbox.builder(jdbi, signals).build()) {
      assertThat(again.status().pending()).isZero();
    }
    assertThat(indexed(jdbi, dialect, Dialect.DUE_INDEX)).isTrue();
  }

  /**
   * Makes the newest row and {@code rows} copies of it, each its own key, pending but due in ten
   * years: a backlog waiting out its backoff.
   */
  private void waitTenYears(Jdbi jdbi, int rows) {
    boolean pg = database.equals(Db.POSTGRESQL);
    String series =
        pg
            ? "generate_series(1, :rows) AS g(x)"
            : "(WITH RECURSIVE s(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM s WHERE x < :rows)"
                + " SELECT x FROM s) g";
    jdbi.useHandle(
        h ->
            h.createUpdate(
                    "INSERT INTO "
                        + Dialect.TABLE
                        + " (event_id, receiver, signal, model, model_key, seq, payload, status,"
                        + " next_at, created_at) SELECT 'w-' || CAST(g.x AS TEXT), t.receiver,"
                        + " t.signal, t.model, 'w-' || CAST(g.x AS TEXT), 1, t.payload, 'pending',"
                        + " t.next_at + 315360000000, t.created_at FROM "
                        + series
                        + ", (SELECT * FROM "
                        + Dialect.TABLE
                        + " ORDER BY id DESC LIMIT 1) t")
                .bind("rows", rows)
                .execute());
    jdbi.useHandle(
        h ->
            h.execute(
                "UPDATE "
                    + Dialect.TABLE
                    + " SET next_at = next_at + 315360000000 WHERE event_id NOT LIKE 'w-%'"));
  }

  /**
   * The plan of a relay's claim statement, executed and rolled back: on PostgreSQL with the rows
   * each step read and dropped ({@code EXPLAIN ANALYZE}), on SQLite the indexes it searches.
   */
  private List<String> claimPlan(Jdbi jdbi, boolean windowed) {
    return jdbi.withHandle(
        h -> {
          Dialect dialect = Dialect.of(h);
          String explain =
              dialect == Dialect.POSTGRESQL ? "EXPLAIN ANALYZE " : "EXPLAIN QUERY PLAN ";
          h.begin();
          try {
            var claim = h.createQuery(explain + dialect.sql(dialect.claim(windowed)));
            if (windowed) {
              claim.bind("window", Store.window(64));
            }
            return claim
                .bind("lease", 60_000L)
                .bind("base", 1_000L)
                .bind("cap", 3_600_000L)
                .bind("max", 10)
                .bind("owner", "planner")
                .bind("limit", 64)
                .bindList("receivers", new ArrayList<>(Set.of("items.mail")))
                .map((rs, ctx) -> rs.getString(dialect == Dialect.POSTGRESQL ? 1 : 4))
                .list();
          } finally {
            h.rollback();
          }
        });
  }

  private static long removedByFilter(String planLine) {
    Matcher removed = REMOVED.matcher(planLine);
    return removed.find() ? Long.parseLong(removed.group(1)) : 0;
  }

  private static boolean indexed(Jdbi jdbi, Dialect dialect, String index) {
    return jdbi.withHandle(
            (Handle h) -> h.createQuery(dialect.indexExists(index)).mapTo(Long.class).one())
        > 0;
  }
}
