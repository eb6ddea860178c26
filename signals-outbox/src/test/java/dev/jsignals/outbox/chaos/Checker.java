package dev.jsignals.outbox.chaos;

import dev.jsignals.outbox.chaos.History.Entry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Proves the outbox's promises from the histories of every process and the final table only:
 *
 * <ol>
 *   <li>every committed event was delivered at least once, or is dead with its cause, or skipped by
 *       an acknowledged operator action, or waits (pending) behind a dead event of its key, as
 *       per-key order requires;
 *   <li>no attempt of an event began after its skip was acknowledged (an attempt begun before, in a
 *       relay that was stopped or slow, may still finish: it is counted as in flight when skipped);
 *   <li>no rolled-back write was ever delivered, nor has a row;
 *   <li>per key, first deliveries follow commit order (events skipped by the operator aside);
 *   <li>an event is delivered twice only when the attempt it was taken from had a crash (SIGKILL, a
 *       halt in the receiver, an unexpected exit), a pause (SIGSTOP, or a stall its relay saw in
 *       its own scheduling), a writer holding the lock, a receiver running past its lease in the
 *       window between the two attempts, or a batch call that failed after delivering it;
 *       duplicates are counted with that cause;
 *   <li>every dead row carries its cause.
 * </ol>
 *
 * <p>Not thread-safe; one checker per run.
 */
final class Checker {
  // Writer records: n key.
  static final String COMMIT = "commit";
  static final String ROLLBACK = "rollback";
  static final String UNKNOWN = "unknown";
  // Relay records: n attempt row.
  static final String BEGIN = "begin";
  static final String DELIVER = "deliver";
  static final String THROW = "throw";
  static final String HALT = "halt";

  /**
   * A batch target's call failed after this attempt's delivery, so the relay hands the row over
   * again: a duplicate the batch contract allows.
   */
  static final String RECALL = "recall";

  // Operator records, once acknowledged: n row.
  static final String SKIP = "skip";
  static final String RETRY = "retry";
  // Fault records: process.
  static final String KILL = "kill";
  static final String STOP = "stop";
  static final String CONT = "cont";
  static final String EXIT = "exit";
  static final String LOCK = "lock";
  static final String UNLOCK = "unlock";
  // A relay's own record that it did not run for a while (starved of CPU, or stopped): from, to.
  static final String STALL = "stall";

  /** A row of the outbox table at the end of the run. */
  record FinalRow(long n, String status, String lastError) {}

  /** What the checker found. */
  record Verdict(
      List<String> violations,
      Map<String, Integer> duplicates,
      int committed,
      int rolledBack,
      int delivered,
      int dead,
      int skipped,
      int parked,
      int deliveries,
      int inFlightWhenSkipped) {
    boolean ok() {
      return violations.isEmpty();
    }

    String summary() {
      return String.format(
          "%d committed (%d delivered, %d dead, %d skipped, %d behind a dead one), %d rolled back,"
              + " %d deliveries,"
              + " duplicates %s, %d in flight when skipped, %d violation(s)",
          committed,
          delivered,
          dead,
          skipped,
          parked,
          rolledBack,
          deliveries,
          duplicates,
          inFlightWhenSkipped,
          violations.size());
    }
  }

  private record Attempt(String process, long n, int attempt, long begin, long end, String how) {}

  private final Duration lease;
  private final List<Entry> entries;
  private final List<String> violations = new ArrayList<>();
  private final Map<String, Integer> duplicates = new TreeMap<>();

  private Checker(List<Entry> entries, Duration lease) {
    this.entries = new ArrayList<>(entries);
    this.entries.sort(Comparator.comparingLong(Entry::time));
    this.lease = lease;
  }

  static Verdict check(List<Entry> entries, List<FinalRow> rows, Duration lease) {
    return new Checker(entries, lease).run(rows);
  }

  private Verdict run(List<FinalRow> rows) {
    Map<Long, String> committed = new LinkedHashMap<>();
    Set<Long> rolledBack = new HashSet<>();
    Set<Long> unknown = new HashSet<>();
    Map<Long, Long> skippedAt = new HashMap<>();
    Map<Long, List<Long>> deliveredAt = new HashMap<>();
    Map<Long, List<Attempt>> attempts = new HashMap<>();
    Map<String, Attempt> open = new HashMap<>();
    int deliveries = 0;
    for (Entry e : entries) {
      switch (e.kind()) {
        case COMMIT -> committed.put(e.n(), e.field(1));
        case ROLLBACK -> rolledBack.add(e.n());
        case UNKNOWN -> unknown.add(e.n());
        case SKIP -> skippedAt.putIfAbsent(e.n(), e.time());
        case BEGIN -> {
          Attempt a = new Attempt(e.process(), e.n(), attempt(e), e.time(), Long.MAX_VALUE, "");
          open.put(e.process() + "/" + e.n(), a);
          attempts.computeIfAbsent(e.n(), k -> new ArrayList<>()).add(a);
        }
        case DELIVER, THROW, HALT -> {
          if (e.kind().equals(DELIVER)) {
            deliveries++;
            deliveredAt.computeIfAbsent(e.n(), k -> new ArrayList<>()).add(e.time());
          }
          Attempt a = open.remove(e.process() + "/" + e.n());
          if (a != null) {
            List<Attempt> list = attempts.get(e.n());
            list.set(
                list.indexOf(a),
                new Attempt(a.process(), a.n(), a.attempt(), a.begin(), e.time(), e.kind()));
          }
        }
        default -> {}
      }
    }
    Map<Long, FinalRow> table = new HashMap<>();
    for (FinalRow row : rows) {
      table.put(row.n(), row);
      if (row.status().equals("dead") && (row.lastError() == null || row.lastError().isBlank())) {
        violations.add("event " + row.n() + " is dead without a cause");
      }
      if (!committed.containsKey(row.n()) && !unknown.contains(row.n())) {
        violations.add(
            "event "
                + row.n()
                + " has a row ("
                + row.status()
                + ") but its write was "
                + (rolledBack.contains(row.n()) ? "rolled back" : "never made"));
      }
    }
    for (long n : rolledBack) {
      if (attempts.containsKey(n) || deliveredAt.containsKey(n)) {
        violations.add("event " + n + " was rolled back but delivered");
      }
    }
    int delivered = 0;
    int dead = 0;
    int skipped = 0;
    int parked = 0;
    Set<String> deadKeys = new HashSet<>();
    for (long n : committed.keySet()) {
      FinalRow row = table.get(n);
      String status = row == null ? "no row" : row.status();
      boolean behindDead = deadKeys.contains(committed.get(n));
      if (status.equals("dead")) {
        deadKeys.add(committed.get(n));
      }
      if (status.equals("skipped") && !skippedAt.containsKey(n)) {
        violations.add("event " + n + " is skipped, but no skip of it was acknowledged");
      }
      if (deliveredAt.containsKey(n)) {
        delivered++;
      } else if (status.equals("dead")) {
        dead++;
      } else if (status.equals("skipped") && skippedAt.containsKey(n)) {
        skipped++;
      } else if (status.equals("pending") && behindDead) {
        parked++;
      } else {
        violations.add(
            "event " + n + " was committed but never delivered (its row: " + status + ")");
      }
    }
    int inFlight = 0;
    for (Map.Entry<Long, Long> skip : skippedAt.entrySet()) {
      for (Attempt a : attempts.getOrDefault(skip.getKey(), List.of())) {
        if (a.begin() > skip.getValue()) {
          violations.add(
              "event "
                  + skip.getKey()
                  + " was skipped, then attempt "
                  + a.attempt()
                  + " began in "
                  + a.process()
                  + " ("
                  + millis(a.begin() - skip.getValue())
                  + " ms after the skip)");
        } else if (a.how().equals(DELIVER) && a.end() > skip.getValue()) {
          inFlight++;
        }
      }
    }
    checkOrder(committed, skippedAt.keySet(), deliveredAt);
    for (Map.Entry<Long, List<Long>> d : deliveredAt.entrySet()) {
      if (d.getValue().size() > 1) {
        duplicates(d.getKey(), d.getValue().size() - 1, attempts.get(d.getKey()));
      }
    }
    return new Verdict(
        List.copyOf(violations),
        Map.copyOf(duplicates),
        committed.size(),
        rolledBack.size(),
        delivered,
        dead,
        skipped,
        parked,
        deliveries,
        inFlight);
  }

  private void checkOrder(
      Map<Long, String> committed, Set<Long> skipped, Map<Long, List<Long>> deliveredAt) {
    Map<String, long[]> lastByKey = new HashMap<>();
    for (Map.Entry<Long, String> event : committed.entrySet()) {
      long n = event.getKey();
      List<Long> times = deliveredAt.get(n);
      if (times == null || skipped.contains(n)) {
        continue;
      }
      long first = times.stream().mapToLong(Long::longValue).min().orElseThrow();
      long[] last = lastByKey.get(event.getValue());
      if (last != null && first < last[1]) {
        violations.add(
            "key "
                + event.getValue()
                + ": event "
                + n
                + " was first delivered before event "
                + last[0]
                + ", committed before it");
      }
      if (last == null || first > last[1]) {
        lastByKey.put(event.getValue(), new long[] {n, first});
      }
    }
  }

  /** Attributes an event's duplicates to the cause of each takeover between its attempts. */
  private void duplicates(long n, int count, List<Attempt> list) {
    // In claim order: each claim counts an attempt (a retry starts again from 1, on a dead row).
    List<Attempt> sorted = new ArrayList<>(list == null ? List.of() : list);
    sorted.sort(Comparator.comparingLong(Attempt::begin));
    sorted.sort(Comparator.comparingInt(Attempt::attempt));
    String cause = null;
    for (int i = 1; i < sorted.size(); i++) {
      Attempt before = sorted.get(i - 1);
      Attempt after = sorted.get(i);
      if (before.how().equals(THROW) && before.end() < after.begin()) {
        continue;
      }
      String why = cause(before, after.begin());
      if (why == null) {
        violations.add(
            "event "
                + n
                + " was delivered twice: "
                + after.process()
                + " took it ("
                + millis(after.begin() - before.begin())
                + " ms after "
                + before.process()
                + " began it, lease "
                + lease.toMillis()
                + " ms) with no crash, pause, held lock or lease expiry in between");
        why = "unexplained";
      }
      cause = cause == null ? why : cause;
    }
    duplicates.merge(cause == null ? "unexplained" : cause, count, Integer::sum);
  }

  /**
   * Why another attempt could begin at {@code at} while {@code before} had not failed. The claim of
   * {@code before} is not recorded (only the receiver's call): the window starts a lease before the
   * earlier of the two receivers began.
   */
  private String cause(Attempt before, long at) {
    long from = Math.min(before.begin(), at) - lease.toNanos();
    for (Entry e : entries) {
      if (e.kind().equals(RECALL)
          && e.process().equals(before.process())
          && e.n() == before.n()
          && attempt(e) == before.attempt()) {
        return "batch call failed after it";
      }
      if (e.kind().equals(STALL)
          && e.process().equals(before.process())
          && Long.parseLong(e.field(0)) <= at
          && Long.parseLong(e.field(1)) >= from) {
        return "relay stalled (starved of CPU)";
      }
      if (e.time() < from || e.time() > at) {
        continue;
      }
      boolean same =
          !e.fields().isEmpty() && e.fields().get(0).equals(before.process())
              || e.process().equals(before.process()) && e.kind().equals(HALT);
      if (same && e.kind().equals(KILL)) {
        return "relay killed";
      }
      if (same && e.kind().equals(HALT)) {
        return "receiver halted the relay";
      }
      if (same && e.kind().equals(EXIT)) {
        return "relay exited";
      }
      if (same && e.kind().equals(STOP)) {
        return "relay paused";
      }
    }
    long lockStart = -1;
    for (Entry e : entries) {
      if (e.kind().equals(LOCK)) {
        lockStart = e.time();
      } else if (e.kind().equals(UNLOCK) && lockStart >= 0) {
        if (lockStart <= at && e.time() >= from) {
          return "writer held the lock";
        }
        lockStart = -1;
      }
    }
    if (lockStart >= 0 && lockStart <= at) {
      return "writer held the lock";
    }
    if (Math.min(before.end(), at) - before.begin() >= lease.toNanos()) {
      return "receiver outlived its lease";
    }
    return null;
  }

  private static int attempt(Entry e) {
    return e.fields().size() > 1 ? Integer.parseInt(e.field(1)) : 0;
  }

  private static long millis(long nanos) {
    return nanos / 1_000_000;
  }
}
