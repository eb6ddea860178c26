package dev.jsignals.jdbi;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteCommitListener;
import org.sqlite.SQLiteConnection;
import org.sqlite.jdbc4.JDBC4Connection;

/**
 * Checkpoints the write-ahead log of one database file in a background thread, so that commits do
 * not: SQLite's automatic checkpoint runs inside the commit that finds the log past its limit, and
 * that commit then waits for the copy of the log into the database and two {@code fsync}s,
 * milliseconds where a commit takes a tenth of one. The connections of the data source keep an
 * automatic checkpoint at {@link #BACKSTOP_PAGES} in case this thread falls behind.
 *
 * <p>Each commit of a connection of the data source asks for a checkpoint {@link #DELAY_MILLIS}
 * later, unless one is asked for already; if a writer holds the write lock (the commit that asked
 * may still be being written), it asks again later, else it runs ({@code PRAGMA
 * wal_checkpoint(PASSIVE)}, which waits for no reader or writer) on a connection of its own, opened
 * and closed around it, and only while a connection of the data source is open and the file exists
 * (it never creates the file). Closing the last one waits for a checkpoint that is running: once it
 * returns, no connection of this class has the file open, and none will until the data source opens
 * one again. A checkpoint that found the write lock held or could not copy the whole log (a reader
 * on an older snapshot) asks again, 50 ms later and then at doubling intervals up to a second,
 * while a connection is open. One daemon thread serves every file and ends when idle. Thread-safe.
 */
final class SqliteCheckpointer implements SQLiteCommitListener {
  /** The automatic checkpoint left to each connection, in pages of the log. */
  static final int BACKSTOP_PAGES = 10_000;

  /** How long after a commit its checkpoint runs, so that one checkpoint serves many commits. */
  static final long DELAY_MILLIS = 50;

  private static final Logger log = LoggerFactory.getLogger(SqliteDataSources.class);

  private static final ScheduledThreadPoolExecutor THREAD = thread();

  private final String url;
  private final Path file;
  private final Properties properties;
  private final Properties existing;
  private final AtomicBoolean asked = new AtomicBoolean();
  private final Object lock = new Object();
  private int open;
  private long retryMillis = DELAY_MILLIS;

  /** The longest wait before a checkpoint that left part of the log asks again. */
  private static final long LONGEST_RETRY_MILLIS = 1_000;

  /** SQLite's result code for a lock held by another connection. */
  private static final int SQLITE_BUSY = 5;

  /**
   * @param url the JDBC URL of the file
   * @param file the file
   * @param properties the driver's properties for the data source's connections
   * @param existing the same, for a file that must exist (the checkpoint's connection)
   */
  SqliteCheckpointer(String url, Path file, Properties properties, Properties existing) {
    this.url = url;
    this.file = file;
    this.properties = properties;
    this.existing = existing;
  }

  private static ScheduledThreadPoolExecutor thread() {
    ScheduledThreadPoolExecutor executor =
        new ScheduledThreadPoolExecutor(
            1,
            task -> {
              Thread thread = new Thread(task, "jsignals-sqlite-checkpoint");
              thread.setDaemon(true);
              return thread;
            });
    executor.setKeepAliveTime(10, TimeUnit.SECONDS);
    executor.allowCoreThreadTimeOut(true);
    return executor;
  }

  /** {@return whether no checkpoint of any file is asked for or running} */
  static boolean idle() {
    return THREAD.getQueue().isEmpty() && THREAD.getActiveCount() == 0;
  }

  /** {@return a new connection of the data source, counted open until closed} */
  SQLiteConnection open() throws SQLException {
    SQLiteConnection connection =
        new JDBC4Connection(url, file.toString(), properties) {
          private boolean closed;

          @Override
          public void close() throws SQLException {
            try {
              super.close();
            } finally {
              synchronized (this) {
                if (!closed) {
                  closed = true;
                  SqliteCheckpointer.this.closed();
                }
              }
            }
          }
        };
    synchronized (lock) {
      open++;
    }
    connection.addCommitListener(this);
    return connection;
  }

  private void closed() {
    synchronized (lock) {
      open--;
    }
  }

  /** Asks for the next checkpoint after the current wait, and doubles the wait (up to 1 s). */
  private void again() {
    if (asked.compareAndSet(false, true)) {
      THREAD.schedule(this::checkpointNow, retryMillis, TimeUnit.MILLISECONDS);
    }
    retryMillis = Math.min(2 * retryMillis, LONGEST_RETRY_MILLIS);
  }

  /** Called by SQLite on the committing thread, inside its commit: asks for a checkpoint. */
  @Override
  public void onCommit() {
    if (asked.compareAndSet(false, true)) {
      THREAD.schedule(this::checkpointNow, DELAY_MILLIS, TimeUnit.MILLISECONDS);
    }
  }

  @Override
  public void onRollback() {}

  /**
   * Checkpoints the log now if a connection of the data source is open.
   *
   * @return whether it checkpointed
   */
  boolean checkpointNow() {
    asked.set(false);
    synchronized (lock) {
      if (open == 0 || !Files.exists(file)) {
        return false;
      }
      try (SQLiteConnection connection = new JDBC4Connection(url, file.toString(), existing);
          Statement statement = connection.createStatement()) {
        // SQLite calls the commit listener before the commit is written: on a busy machine the
        // commit can still be running now, and a checkpoint would not see its pages. The write
        // lock, tried without waiting, tells: a writer holds it, so this checkpoint asks again.
        statement.execute("PRAGMA busy_timeout = 0");
        try {
          statement.execute("BEGIN IMMEDIATE");
        } catch (SQLException e) {
          if ((e.getErrorCode() & 0xff) != SQLITE_BUSY) {
            throw e;
          }
          again();
          return false;
        }
        statement.execute("ROLLBACK");
        ResultSet result = statement.executeQuery("PRAGMA wal_checkpoint(PASSIVE)");
        // Its row: busy, frames in the log, frames copied into the database.
        if (result.next() && result.getInt(3) < result.getInt(2)) {
          again();
        } else {
          retryMillis = DELAY_MILLIS;
        }
        return true;
      } catch (SQLException e) {
        log.warn(
            "Cannot checkpoint the write-ahead log of {} ({}); its commits will when it grows"
                + " past {} pages",
            file,
            e.getMessage(),
            BACKSTOP_PAGES);
        return false;
      }
    }
  }
}
