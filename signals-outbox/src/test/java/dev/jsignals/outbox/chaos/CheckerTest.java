package dev.jsignals.outbox.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jsignals.outbox.chaos.Checker.FinalRow;
import dev.jsignals.outbox.chaos.Checker.Verdict;
import dev.jsignals.outbox.chaos.History.Entry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checker over hand-made histories: a history that keeps every promise passes, and each rule,
 * broken once, is reported. Times are in milliseconds here, the lease is 1 s.
 */
class CheckerTest {
  private static final Duration LEASE = Duration.ofSeconds(1);

  private final List<Entry> entries = new ArrayList<>();
  private final List<FinalRow> rows = new ArrayList<>();

  @TempDir Path dir;

  private CheckerTest at(long millis, String process, String kind, Object... fields) {
    List<String> text = new ArrayList<>();
    for (Object field : fields) {
      text.add(String.valueOf(field));
    }
    entries.add(new Entry(process, millis * 1_000_000, kind, text));
    return this;
  }

  private CheckerTest row(long n, String status, String error) {
    rows.add(new FinalRow(n, status, error));
    return this;
  }

  /** Event n committed on key, delivered by relay r1 from begin to begin + 10 ms. */
  private CheckerTest delivered(long n, String key, long begin) {
    at(begin - 5, "writer", Checker.COMMIT, n, key);
    at(begin, "r1", Checker.BEGIN, n, 1, n);
    at(begin + 10, "r1", Checker.DELIVER, n, 1, n);
    return row(n, "delivered", null);
  }

  private Verdict verdict() {
    return Checker.check(entries, rows, LEASE);
  }

  @Test
  void aHistoryThatKeepsEveryPromisePasses() {
    delivered(1, "a", 100).delivered(2, "a", 200).delivered(3, "b", 300);
    at(400, "writer", Checker.ROLLBACK, 4, "a");
    at(500, "writer", Checker.COMMIT, 5, "b");
    at(510, "r1", Checker.BEGIN, 5, 1, 5).at(520, "r1", Checker.THROW, 5, 1, "boom");
    row(5, "dead", "java.lang.IllegalStateException: boom");
    at(600, "writer", Checker.COMMIT, 6, "b").row(6, "pending", null);
    at(700, "writer", Checker.COMMIT, 7, "c").row(7, "pending", null);
    at(710, "operator", Checker.SKIP, 7, 7);
    rows.set(rows.size() - 1, new FinalRow(7, "skipped", null));

    Verdict verdict = verdict();

    assertThat(verdict.violations()).isEmpty();
    assertThat(verdict.delivered()).isEqualTo(3);
    assertThat(verdict.dead()).isOne();
    assertThat(verdict.skipped()).isOne();
    assertThat(verdict.parked()).as("6 waits behind dead 5").isOne();
  }

  @Test
  void aCommittedEventNeitherDeliveredNorDeadNorSkippedIsLost() {
    at(100, "writer", Checker.COMMIT, 1, "a").row(1, "pending", null);

    assertThat(verdict().violations())
        .containsExactly("event 1 was committed but never delivered (its row: pending)");
  }

  @Test
  void aSkippedRowWithoutAnAcknowledgedSkipIsReported() {
    at(100, "writer", Checker.COMMIT, 1, "a").row(1, "skipped", null);

    assertThat(verdict().violations())
        .contains("event 1 is skipped, but no skip of it was acknowledged");
  }

  @Test
  void anAttemptBegunAfterTheSkipWasAcknowledgedIsReported() {
    at(100, "writer", Checker.COMMIT, 1, "a");
    at(200, "operator", Checker.SKIP, 1, 1);
    at(300, "r2", Checker.BEGIN, 1, 2, 1).at(310, "r2", Checker.DELIVER, 1, 2, 1);
    row(1, "skipped", null);

    assertThat(verdict().violations())
        .singleElement()
        .asString()
        .startsWith("event 1 was skipped, then attempt 2 began in r2 (100 ms after the skip)");
  }

  @Test
  void anAttemptInFlightWhenSkippedIsCountedNotReported() {
    at(100, "writer", Checker.COMMIT, 1, "a");
    at(150, "r1", Checker.BEGIN, 1, 1, 1);
    at(200, "operator", Checker.SKIP, 1, 1);
    at(310, "r1", Checker.DELIVER, 1, 1, 1);
    row(1, "skipped", null);

    Verdict verdict = verdict();

    assertThat(verdict.violations()).isEmpty();
    assertThat(verdict.inFlightWhenSkipped()).isOne();
  }

  @Test
  void aRolledBackWriteThatWasDeliveredIsReported() {
    at(100, "writer", Checker.ROLLBACK, 1, "a");
    at(200, "r1", Checker.BEGIN, 1, 1, 1).at(210, "r1", Checker.DELIVER, 1, 1, 1);

    assertThat(verdict().violations()).containsExactly("event 1 was rolled back but delivered");
  }

  @Test
  void aRowOfARolledBackWriteIsReported() {
    at(100, "writer", Checker.ROLLBACK, 1, "a").row(1, "pending", null);

    assertThat(verdict().violations())
        .containsExactly("event 1 has a row (pending) but its write was rolled back");
  }

  @Test
  void aLaterEventOfAKeyFirstDeliveredBeforeAnEarlierOneIsReported() {
    at(100, "writer", Checker.COMMIT, 1, "a").at(110, "writer", Checker.COMMIT, 2, "a");
    at(200, "r1", Checker.BEGIN, 2, 1, 2).at(210, "r1", Checker.DELIVER, 2, 1, 2);
    at(300, "r2", Checker.BEGIN, 1, 1, 1).at(310, "r2", Checker.DELIVER, 1, 1, 1);
    row(1, "delivered", null).row(2, "delivered", null);

    assertThat(verdict().violations())
        .containsExactly("key a: event 2 was first delivered before event 1, committed before it");
  }

  @Test
  void aRedeliveryOfAnEarlierEventAfterALaterOneIsNoReordering() {
    delivered(1, "a", 100);
    at(150, "faults", Checker.KILL, "r1");
    delivered(2, "a", 200);
    at(300, "r2", Checker.BEGIN, 1, 2, 1).at(310, "r2", Checker.DELIVER, 1, 2, 1);

    Verdict verdict = verdict();

    assertThat(verdict.violations()).isEmpty();
    assertThat(verdict.duplicates()).isEqualTo(Map.of("relay killed", 1));
  }

  @Test
  void aDuplicateWithoutCrashPauseLockOrLeaseExpiryIsReported() {
    delivered(1, "a", 100);
    at(400, "r2", Checker.BEGIN, 1, 2, 1).at(410, "r2", Checker.DELIVER, 1, 2, 1);

    Verdict verdict = verdict();

    assertThat(verdict.violations())
        .singleElement()
        .asString()
        .startsWith("event 1 was delivered twice: r2 took it (300 ms after r1 began it");
    assertThat(verdict.duplicates()).isEqualTo(Map.of("unexplained", 1));
  }

  @Test
  void duplicatesAreCountedWithTheirCause() {
    delivered(1, "a", 100);
    at(200, "faults", Checker.STOP, "r1");
    at(1300, "r2", Checker.BEGIN, 1, 2, 1).at(1310, "r2", Checker.DELIVER, 1, 2, 1);
    at(2000, "writer", Checker.COMMIT, 2, "b");
    at(2010, "r1", Checker.BEGIN, 2, 1, 2);
    at(3500, "r2", Checker.BEGIN, 2, 2, 2).at(3510, "r2", Checker.DELIVER, 2, 2, 2);
    at(3600, "r1", Checker.DELIVER, 2, 1, 2);
    row(2, "delivered", null);
    at(4000, "writer", Checker.COMMIT, 3, "c");
    at(4010, "faults", Checker.LOCK);
    at(4020, "r1", Checker.BEGIN, 3, 1, 3).at(4030, "r1", Checker.DELIVER, 3, 1, 3);
    at(4500, "faults", Checker.UNLOCK);
    at(4600, "r2", Checker.BEGIN, 3, 2, 3).at(4610, "r2", Checker.DELIVER, 3, 2, 3);
    row(3, "delivered", null);

    Verdict verdict = verdict();

    assertThat(verdict.violations()).isEmpty();
    assertThat(verdict.duplicates())
        .isEqualTo(
            Map.of(
                "relay paused", 1,
                "receiver outlived its lease", 1,
                "writer held the lock", 1));
  }

  @Test
  void aStallTheFirstRelayRecordedExplainsTheDuplicatesOfItsClaims() {
    at(100, "writer", Checker.COMMIT, 1, "a");
    at(2500, "r2", Checker.BEGIN, 1, 2, 1).at(2510, "r2", Checker.DELIVER, 1, 2, 1);
    at(2600, "r1", Checker.STALL, 200_000_000L, 2_550_000_000L);
    at(2610, "r1", Checker.BEGIN, 1, 1, 1).at(2620, "r1", Checker.DELIVER, 1, 1, 1);
    row(1, "delivered", null);

    Verdict verdict = verdict();

    assertThat(verdict.violations()).isEmpty();
    assertThat(verdict.duplicates()).isEqualTo(Map.of("relay stalled (starved of CPU)", 1));
  }

  @Test
  void aDeadRowWithoutItsCauseIsReported() {
    at(100, "writer", Checker.COMMIT, 1, "a").row(1, "dead", " ");

    assertThat(verdict().violations()).containsExactly("event 1 is dead without a cause");
  }

  @Test
  void historiesWrittenToFilesReadBackAndACutLastLineIsIgnored() throws Exception {
    Path file = dir.resolve("r1.log");
    try (History history = new History(file)) {
      history.append(Checker.BEGIN, 1, 1, 7);
      history.append(Checker.DELIVER, 1, 1, 7);
    }
    java.nio.file.Files.writeString(file, "123\tdeliv", java.nio.file.StandardOpenOption.APPEND);

    List<Entry> read = History.read("r1", file);

    assertThat(read).extracting(Entry::kind).containsExactly(Checker.BEGIN, Checker.DELIVER);
    assertThat(read.get(1).n()).isEqualTo(1);
    assertThat(read.get(0).time()).isLessThan(read.get(1).time());
  }
}
