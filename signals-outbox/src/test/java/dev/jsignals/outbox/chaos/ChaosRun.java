package dev.jsignals.outbox.chaos;

import dev.jsignals.core.Signals;
import dev.jsignals.outbox.Outbox;
import dev.jsignals.outbox.OutboxRow;
import dev.jsignals.outbox.chaos.Schedule.Fault;
import dev.jsignals.outbox.chaos.Schedule.Op;
import dev.jsignals.testsupport.Meal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Jdbi;
import org.jspecify.annotations.Nullable;

/**
 * One fault-injection run: from a seed, writers (this process), relay processes, operator actions
 * and faults, as its {@link Schedule} says; then every fault is healed, the relays drain the outbox
 * (until nothing is pending, or nothing moved for a while), and the {@link Checker} judges the
 * histories and the final table. Not thread-safe: one run at a time per object.
 *
 * @param seed the seed everything is derived from
 * @param postgresUrl the PostgreSQL server's URL, or null for SQLite
 * @param dir where the database (SQLite), the histories and the relays' logs go
 * @param operations how many operations the schedule has
 * @param relays how many relay processes run at once
 * @param lease the relays' lease
 * @param faults the fault classes injected
 * @param deadline the run's bound once its relays are up (operations stop when a third of it is
 *     left, for the drain)
 */
record ChaosRun(
    long seed,
    @Nullable String postgresUrl,
    Path dir,
    int operations,
    int relays,
    Duration lease,
    Set<Fault> faults,
    Duration deadline) {
  static final int MAX_ATTEMPTS = 3;
  private static final Pattern NAME = Pattern.compile("\"name\":\"n(\\d+)");
  private static final Duration STALL = Duration.ofSeconds(20);

  /** What a run did and what the checker found. */
  record Outcome(
      ChaosRun run, Checker.Verdict verdict, Map<String, Integer> injected, long millis) {
    String report() {
      return String.format(
          "seed %d on %s: %d operations, %d relays, faults %s in %d s; injected %s; %s",
          run.seed(),
          run.postgresUrl() == null ? "SQLite" : "PostgreSQL",
          run.operations(),
          run.relays(),
          run.faults(),
          millis / 1000,
          new TreeMap<>(injected),
          verdict.summary());
    }
  }

  Outcome execute() throws Exception {
    long started = System.nanoTime();
    Files.createDirectories(dir);
    Schedule schedule = Schedule.of(seed, operations, relays, faults);
    String url = ChaosDb.create(postgresUrl, dir);
    Signals signals = Signals.create();
    Jdbi jdbi = ChaosDb.jdbi(url, signals);
    Outbox outbox = Outbox.builder(jdbi, signals).build();
    outbox.postSave(Meal.class, "items.audit", e -> {});
    try (History writes = new History(dir.resolve("writer.log"));
        History operator = new History(dir.resolve("operator.log"));
        History faultLog = new History(dir.resolve("faults.log"));
        RelayFleet fleet =
            new RelayFleet(dir, url, lease.toMillis(), MAX_ATTEMPTS, schedule.skews(), faultLog)) {
      Writer writer = new Writer(jdbi, writes, faultLog, fleet);
      fleet.startAll();
      if (!fleet.awaitReady(System.nanoTime() + Duration.ofMinutes(5).toNanos())) {
        throw new IllegalStateException("the relays did not start within 5 minutes: see " + dir);
      }
      writer.createKeys();
      long end = System.nanoTime() + deadline.toNanos();
      Progress progress = new Progress(fleet, writer, jdbi);
      Duration stall = lease.multipliedBy(4).plusSeconds(2);
      for (Op op : schedule.operations()) {
        if (System.nanoTime() - end > -deadline.toNanos() / 3) {
          fleet.count("operations cut short by the deadline");
          break;
        }
        progress.await(op.after(), 6, stall, end);
        switch (op.kind()) {
          case WRITE -> writer.write(op.key(), op.fault());
          case WRITE_MANY -> writer.writeMany(op.key(), 2 + op.pick() % 3, op.fault());
          case ROLLBACK -> writer.rollback(op.key());
          case KILL -> fleet.kill(op.key());
          case PAUSE -> fleet.pause(op.key(), lease.toMillis() * op.millis() / 1000);
          case TARGET_DOWN -> writer.targetDown(lease.toMillis() * op.millis() / 1000);
          case LOCK -> writer.holdLock(lease.toMillis() * op.millis() / 1000);
          case SKIP -> skip(outbox, operator, op.pick(), fleet);
          case RETRY -> retry(outbox, operator, op.pick(), fleet);
        }
        if (!op.fault().isEmpty() && op.kind().name().startsWith("WRITE")) {
          fleet.count("receiver " + op.fault());
        }
      }
      writer.heal();
      fleet.resumeAll();
      progress.drain(STALL, end + STALL.toNanos());
      if (progress.stalls > 0) {
        fleet.count("waits that ended on a stall");
      }
      fleet.close();
      List<History.Entry> entries = new ArrayList<>();
      entries.addAll(History.read("writer", dir.resolve("writer.log")));
      entries.addAll(History.read("operator", dir.resolve("operator.log")));
      entries.addAll(History.read("faults", dir.resolve("faults.log")));
      for (Map.Entry<String, Path> relay : fleet.histories().entrySet()) {
        entries.addAll(History.read(relay.getKey(), relay.getValue()));
      }
      Checker.Verdict verdict = Checker.check(entries, finalRows(jdbi), lease);
      return new Outcome(this, verdict, fleet.injected, (System.nanoTime() - started) / 1_000_000);
    } finally {
      outbox.close();
    }
  }

  private static void skip(Outbox outbox, History operator, int pick, RelayFleet fleet) {
    List<OutboxRow> rows = new ArrayList<>(outbox.rows(OutboxRow.Status.DEAD));
    rows.addAll(outbox.rows(OutboxRow.Status.PENDING));
    if (rows.isEmpty()) {
      return;
    }
    OutboxRow row = rows.get(pick % rows.size());
    try {
      outbox.skip(row.id());
      operator.append(Checker.SKIP, n(row.payload()), row.id());
      fleet.count("operator skip");
    } catch (IllegalArgumentException refused) {
      fleet.count("operator skip refused");
    }
  }

  private static void retry(Outbox outbox, History operator, int pick, RelayFleet fleet) {
    List<OutboxRow> rows = outbox.rows(OutboxRow.Status.DEAD);
    if (rows.isEmpty()) {
      return;
    }
    OutboxRow row = rows.get(pick % rows.size());
    try {
      outbox.retry(row.id());
      operator.append(Checker.RETRY, n(row.payload()), row.id());
      fleet.count("operator retry");
    } catch (IllegalArgumentException refused) {
      fleet.count("operator retry refused");
    }
  }

  static long n(String payload) {
    Matcher matcher = NAME.matcher(payload);
    if (!matcher.find()) {
      throw new IllegalStateException("no event number in " + payload);
    }
    return Long.parseLong(matcher.group(1));
  }

  private static List<Checker.FinalRow> finalRows(Jdbi jdbi) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT status, last_error, payload FROM jsignals_outbox")
                .map(
                    (rs, ctx) ->
                        new Checker.FinalRow(
                            n(rs.getString("payload")),
                            rs.getString("status"),
                            rs.getString("last_error")))
                .list());
  }

  /** The command that replays this run's schedule. */
  String replay() {
    return "./mvnw -B -pl signals-outbox -am verify -Dtest=ChaosRunTest"
        + " -Dsurefire.failIfNoSpecifiedTests=false -Dchaos.seed="
        + seed
        + " -Dchaos.operations="
        + operations
        + " -Dchaos.faults="
        + String.join(",", faults.stream().map(Enum::name).toList());
  }
}
