package dev.jsignals.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jsignals.core.Signals;
import dev.jsignals.testsupport.Await;
import dev.jsignals.testsupport.Meal;
import dev.jsignals.testsupport.StderrCapture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On PostgreSQL a relay keeps the outbox table in shape itself: it vacuums it once it has finished
 * {@code vacuumEvery} rows and finds none due, so that the next backlog's claims do not walk this
 * one's dead row versions (a role the server does not let vacuum the table gets one line in the
 * log, and its relay delivers as before), and it analyses it when a backlog outgrows the table's
 * statistics, so that the claims are not planned for an empty table (once, however many relays meet
 * the backlog at the same time).
 */
class OutboxVacuumTest {
  private static final int ROWS = 150;

  /** Rows enough that an analysis of them takes a while: relays starting together overlap it. */
  private static final int BACKLOG = 2_000;

  @TempDir Path dir;

  @Test
  void aRelayThatDrainedABacklogVacuumsTheTable() throws Exception {
    String url = Db.create(Db.POSTGRESQL, dir);
    Signals signals = Signals.create();
    Jdbi jdbi = Db.jdbi(url, signals);
    try (Outbox outbox = Outbox.builder(jdbi, signals).vacuumEvery(100).parallelism(8).build()) {
      outbox.postSave(Meal.class, "items.audit", e -> {});
      keepAutovacuumAway(jdbi);
      writeMeals(jdbi);
      assertThat(vacuums(jdbi)).isZero();
      outbox.start();
      assertThat(outbox.awaitDrained(Duration.ofMinutes(3))).isTrue();
      Await.until("the relay vacuumed the table", () -> outbox.relay().vacuums() == 1);
      assertThat(vacuums(jdbi)).isEqualTo(1);
      assertThat(outbox.delivered()).isEqualTo(ROWS);
    }
  }

  @Test
  void drainsSmallerThanVacuumEveryAddUpToAVacuum() throws Exception {
    String url = Db.create(Db.POSTGRESQL, dir);
    Signals signals = Signals.create();
    Jdbi jdbi = Db.jdbi(url, signals);
    try (Outbox outbox = Outbox.builder(jdbi, signals).vacuumEvery(200).parallelism(8).build()) {
      outbox.postSave(Meal.class, "items.audit", e -> {});
      keepAutovacuumAway(jdbi);
      outbox.start();
      // Two drains of 150 rows, each ending dry: neither is a burst of 200, together they are.
      writeMeals(jdbi);
      assertThat(outbox.awaitDrained(Duration.ofMinutes(3))).isTrue();
      writeMeals(jdbi);
      assertThat(outbox.awaitDrained(Duration.ofMinutes(3))).isTrue();
      Await.until("the relay vacuumed the table", () -> outbox.relay().vacuums() == 1);
      assertThat(vacuums(jdbi)).isEqualTo(1);
      assertThat(outbox.delivered()).isEqualTo(2 * ROWS);
    }
  }

  @Test
  void aRoleThatMayNotVacuumTheTableIsToldOnceAndItsRelayStillDelivers() throws Exception {
    String url = Db.create(Db.POSTGRESQL, dir);
    Signals signals = Signals.create();
    Jdbi owner = Db.jdbi(url, signals);
    Outbox.builder(owner, signals).build().close();
    keepAutovacuumAway(owner);
    String role = "jsignals_relay_" + UUID.randomUUID().toString().replace("-", "");
    String schema = url.substring(url.indexOf("currentSchema=") + "currentSchema=".length());
    owner.useHandle(
        h -> {
          h.execute("CREATE ROLE " + role + " LOGIN");
          h.execute("GRANT USAGE ON SCHEMA " + schema + " TO " + role);
          h.execute("GRANT ALL ON ALL TABLES IN SCHEMA " + schema + " TO " + role);
          h.execute("GRANT ALL ON ALL SEQUENCES IN SCHEMA " + schema + " TO " + role);
        });
    try {
      Matcher user = Pattern.compile("user=[^&]*").matcher(url);
      assertThat(user.find()).as("the test server's URL names its user: %s", url).isTrue();
      Signals limitedSignals = Signals.create();
      Jdbi limited = Db.jdbi(user.replaceFirst("user=" + role), limitedSignals);
      try (StderrCapture log = StderrCapture.start();
          Outbox outbox =
              Outbox.builder(limited, limitedSignals)
                  .createSchema(false)
                  .vacuumEvery(100)
                  .parallelism(8)
                  .owner("limited")
                  .build()) {
        outbox.postSave(Meal.class, "items.audit", e -> {});
        writeMeals(limited);
        outbox.start();
        assertThat(outbox.awaitDrained(Duration.ofMinutes(3))).isTrue();
        Await.until("the refusal is logged", () -> log.text().contains("refused to vacuum"));
        assertThat(log.text())
            .containsOnlyOnce(
                "Outbox relay limited: the database refused to vacuum jsignals_outbox (")
            .contains("leaving it to autovacuum")
            .doesNotContain("WARN");
        assertThat(outbox.delivered()).isEqualTo(ROWS);
        assertThat(outbox.relay().vacuums()).isZero();
      }
    } finally {
      owner.useHandle(
          h -> {
            h.execute("DROP OWNED BY " + role);
            h.execute("DROP ROLE " + role);
          });
    }
  }

  @Test
  void aBacklogThatArrivesWhileTheRelayRunsGetsTheTableAnalysedDuringItsDrain() throws Exception {
    String url = Db.create(Db.POSTGRESQL, dir);
    Signals signals = Signals.create();
    Jdbi jdbi = Db.jdbi(url, signals);
    try (Outbox outbox = Outbox.builder(jdbi, signals).vacuumEvery(0).parallelism(8).build()) {
      outbox.postSave(Meal.class, "items.audit", e -> {});
      keepAutovacuumAway(jdbi);
      outbox.start();
      jdbi.useHandle(h -> h.attach(Meal.Dao.class).insert(new Meal("first", 0)));
      assertThat(outbox.awaitDrained(Duration.ofMinutes(3))).isTrue();
      long before = analyses(jdbi);
      // Four commits of ROWS rows: the relay's claims come back full, past its statistics.
      for (int i = 0; i < 4; i++) {
        writeMeals(jdbi);
      }
      assertThat(outbox.awaitDrained(Duration.ofMinutes(3))).isTrue();
      Await.until("the relay analysed the table", () -> analyses(jdbi) > before);
      assertThat(outbox.delivered()).isEqualTo(1 + 4 * ROWS);
    }
  }

  @Test
  void relaysMeetingOneBacklogAnalyseTheTableOnce() throws Exception {
    String url = Db.create(Db.POSTGRESQL, dir);
    Signals writerSignals = Signals.create();
    Jdbi writer = Db.jdbi(url, writerSignals);
    try (Outbox writes = Outbox.builder(writer, writerSignals).build()) {
      writes.postSave(Meal.class, "items.audit", e -> {});
      keepAutovacuumAway(writer);
      writeMeals(writer, BACKLOG);
    }
    assertThat(analyses(writer)).isZero();
    // Four outboxes, as four processes would be, each seeing a table never analysed.
    List<Outbox> relays = new ArrayList<>();
    try {
      for (int i = 0; i < 4; i++) {
        Signals own = Signals.create();
        Outbox relay =
            Outbox.builder(Db.jdbi(url, own), own).owner("relay-" + i).parallelism(8).build();
        relay.postSave(Meal.class, "items.audit", e -> {});
        relays.add(relay);
      }
      relays.forEach(Outbox::start);
      for (Outbox relay : relays) {
        assertThat(relay.awaitDrained(Duration.ofMinutes(3))).isTrue();
      }
      assertThat(relays.stream().mapToLong(Outbox::delivered).sum()).isEqualTo(BACKLOG);
      assertThat(analyses(writer)).isEqualTo(1);
    } finally {
      relays.forEach(Outbox::close);
    }
  }

  @Test
  void aNegativeVacuumEveryIsRefusedByName() {
    assertThatThrownBy(
            () -> Outbox.builder(Jdbi.create("jdbc:unused:"), Signals.create()).vacuumEvery(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("vacuumEvery must not be negative, not -1");
  }

  /**
   * Autovacuum on the table would make the relay's vacuum skip it (and a test of 150 rows leaves
   * enough dead versions for autovacuum to come).
   */
  private static void keepAutovacuumAway(Jdbi owner) {
    owner.useHandle(h -> h.execute("ALTER TABLE jsignals_outbox SET (autovacuum_enabled = false)"));
  }

  private static void writeMeals(Jdbi jdbi) {
    writeMeals(jdbi, ROWS);
  }

  private static void writeMeals(Jdbi jdbi, int rows) {
    jdbi.useTransaction(
        h -> {
          Meal.Dao meals = h.attach(Meal.Dao.class);
          for (int i = 0; i < rows; i++) {
            meals.insert(new Meal("meal-" + i, 0));
          }
        });
  }

  private static long vacuums(Jdbi jdbi) {
    return tableStatistic(jdbi, "vacuum_count");
  }

  private static long analyses(Jdbi jdbi) {
    return tableStatistic(jdbi, "analyze_count");
  }

  private static long tableStatistic(Jdbi jdbi, String column) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT "
                        + column
                        + " FROM pg_stat_user_tables WHERE schemaname ="
                        + " current_schema() AND relname = 'jsignals_outbox'")
                .mapTo(Long.class)
                .one());
  }
}
