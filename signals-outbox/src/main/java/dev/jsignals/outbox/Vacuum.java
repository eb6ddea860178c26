package dev.jsignals.outbox;

import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jdbi.v3.core.Handle;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Vacuums the outbox table on PostgreSQL after every {@code every} rows this relay finished: when
 * it runs dry having finished that many since its last vacuum, or has finished ten times as many
 * without running dry. Every delivered row leaves two dead row versions (its claim's and its
 * deletion's) and their index entries; autovacuum visits a table about once a minute, so a second
 * large backlog drained before then would walk and skip the first one's dead entries at every claim
 * (measured: 100,000 rows drained at half the rate of the backlog before them), and so would the
 * claims of a relay that keeps up with a fast flow (measured: 1,000-row drains, 62,000 dead row
 * versions left in 15 seconds, the first claim after each wake 12 ms instead of 1.5). The vacuum
 * runs in a thread of its own, on a connection of its own, with {@code SKIP_LOCKED} (a vacuum
 * already running, another relay's or autovacuum's, makes it skip); one at a time per relay. A new
 * backlog cancels a running vacuum, which would make the relay's analysis of the grown table wait
 * (both take the table's {@code SHARE UPDATE EXCLUSIVE} lock) while its claims ran on plans made
 * for an empty table; the vacuum runs again once that backlog is drained. A role that may not
 * vacuum the table gets a warning from the server: the relay then stops trying and logs it once.
 * Nothing runs on SQLite, whose deleted rows leave no dead versions behind. Thread-safe.
 */
final class Vacuum {
  private static final Logger log = LoggerFactory.getLogger(Outbox.class);

  private final Store store;
  private final String owner;
  private final long every;
  private final AtomicLong finished = new AtomicLong();
  private final AtomicBoolean running = new AtomicBoolean();
  private final AtomicLong runs = new AtomicLong();
  private final ThreadPoolExecutor thread;
  private volatile boolean refused;
  private volatile @Nullable Statement current;
  private volatile boolean cancelled;

  /**
   * @param store the outbox's store
   * @param owner the relay's name, for its thread and its log lines
   * @param every rows finished between two vacuums; 0 never vacuums
   */
  Vacuum(Store store, String owner, int every) {
    this.store = store;
    this.owner = owner;
    this.every = store.dialect() == Dialect.POSTGRESQL ? every : 0;
    this.thread =
        new ThreadPoolExecutor(
            1,
            1,
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            task -> {
              Thread t = new Thread(task, "jsignals-vacuum-" + owner);
              t.setDaemon(true);
              return t;
            });
    this.thread.allowCoreThreadTimeOut(true);
  }

  /** Counts rows this relay finished (deleted, or made delivered or dead). */
  void finished(int rows) {
    if (every > 0) {
      finished.addAndGet(rows);
    }
  }

  /**
   * Called by a relay thread after each claim: starts a vacuum if one is due, or cancels a running
   * one when a backlog starts.
   *
   * @param dry whether the claim found no row
   * @param backlog whether the claim took as many rows as it could
   */
  void afterClaim(boolean dry, boolean backlog) {
    if (every == 0 || refused) {
      return;
    }
    if (backlog) {
      cancel();
    }
    long rows = finished.get();
    if (dry && cancelled) {
      // The cancelled vacuum runs now, whatever the count.
      cancelled = false;
      finished.addAndGet(-rows);
    } else if (dry) {
      // The count runs over many small drains: a relay that keeps up with a fast flow runs dry
      // between its batches, and autovacuum, a minute apart, would leave it walking the dead
      // entries of every row finished since.
      if (rows < every) {
        return;
      }
      finished.addAndGet(-rows);
    } else if (rows < 10 * every) {
      return;
    } else {
      finished.addAndGet(-rows);
    }
    if (!running.compareAndSet(false, true)) {
      return;
    }
    try {
      thread.execute(this::run);
    } catch (RuntimeException e) {
      // Stopped meanwhile.
      running.set(false);
    }
  }

  /** {@return how many vacuums this relay ran} */
  long runs() {
    return runs.get();
  }

  private void cancel() {
    Statement statement = current;
    if (statement != null && !cancelled) {
      cancelled = true;
      try {
        statement.cancel();
      } catch (SQLException e) {
        // Finished meanwhile; the flag makes it run again after the backlog anyway.
      }
    }
  }

  private void run() {
    try (Handle handle = store.jdbi().open();
        Statement statement = handle.getConnection().createStatement()) {
      current = statement;
      statement.execute("VACUUM (SKIP_LOCKED) " + Dialect.TABLE);
      SQLWarning warning = statement.getWarnings();
      // A vacuum already running makes this one skip the table with LOCK_NOT_AVAILABLE; any other
      // warning is the server's refusal (PostgreSQL 15: "only table or database owner can vacuum
      // it"; 16 and later: "permission denied to vacuum").
      if (warning != null && !"55P03".equals(warning.getSQLState())) {
        refused = true;
        log.info(
            "Outbox relay {}: the database refused to vacuum {} ({}); leaving it to autovacuum",
            owner,
            Dialect.TABLE,
            warning.getMessage());
      } else {
        runs.incrementAndGet();
        store.statisticsReplaced();
      }
    } catch (SQLException e) {
      if (!(cancelled && "57014".equals(e.getSQLState()))) {
        failed(e);
      }
    } catch (RuntimeException e) {
      failed(e);
    } finally {
      current = null;
      running.set(false);
    }
  }

  private void failed(Exception e) {
    log.warn(
        "Outbox relay {}: cannot vacuum {} ({}); trying again after as many rows",
        owner,
        Dialect.TABLE,
        Failures.describe(e));
  }

  /** Lets a running vacuum end, waiting up to {@code nanos}; starts no more. */
  void stop(long nanos) throws InterruptedException {
    thread.shutdown();
    thread.awaitTermination(Math.max(1, nanos), TimeUnit.NANOSECONDS);
  }
}
