package dev.jsignals.outbox.chaos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.jdbi.v3.core.Jdbi;

/**
 * What a run waits for: deliveries recorded in the relays' histories, and rows the relays can still
 * deliver (pending, not parked behind a dead row of their key). Every wait ends by itself: on the
 * condition, when nothing moved for a while (a stall), or at the run's deadline. Not thread-safe.
 */
final class Progress {
  private static final String CLAIMABLE =
      "SELECT COUNT(*) FROM jsignals_outbox o WHERE o.status = 'pending' AND NOT EXISTS (SELECT 1"
          + " FROM jsignals_outbox p WHERE p.model_key = o.model_key AND p.seq < o.seq"
          + " AND p.status = 'dead')";

  private final RelayFleet fleet;
  private final Writer writer;
  private final Jdbi jdbi;
  int stalls;

  Progress(RelayFleet fleet, Writer writer, Jdbi jdbi) {
    this.fleet = fleet;
    this.writer = writer;
    this.jdbi = jdbi;
  }

  /** Deliveries recorded so far, by every relay. */
  long deliveries() throws IOException {
    long count = 0;
    for (Path log : fleet.histories().values()) {
      count += Files.readString(log).split("\t" + Checker.DELIVER + "\t", -1).length - 1;
    }
    return count;
  }

  long claimable() {
    return jdbi.withHandle(h -> h.createQuery(CLAIMABLE).mapTo(Long.class).one());
  }

  /**
   * Waits until {@code after} more deliveries were recorded (or as many as there are rows to
   * deliver) and at most {@code backlog} rows wait.
   */
  void await(int after, int backlog, Duration stall, long deadline) throws Exception {
    long target = deliveries() + Math.min(after, claimable());
    waitFor(() -> deliveries() >= target && claimable() <= backlog, stall, deadline);
  }

  /** Waits until no row can be delivered any more. */
  void drain(Duration stall, long deadline) throws Exception {
    waitFor(() -> claimable() == 0, stall, deadline);
  }

  private interface Condition {
    boolean holds() throws Exception;
  }

  private void waitFor(Condition condition, Duration stall, long deadline) throws Exception {
    long seen = -1;
    long movedAt = System.nanoTime();
    while (System.nanoTime() - deadline < 0) {
      fleet.supervise();
      writer.tick();
      if (condition.holds()) {
        return;
      }
      long now = deliveries() * 1_000_003 + claimable();
      if (now != seen) {
        seen = now;
        movedAt = System.nanoTime();
      } else if (System.nanoTime() - movedAt > stall.toNanos()) {
        stalls++;
        return;
      }
      Thread.sleep(50);
    }
  }
}
