package dev.jsignals.jdbi;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;
import org.sqlite.BusyHandler;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteDataSource;
import org.sqlite.SQLiteOpenMode;

/**
 * Ready SQLite data sources for signals: every connection has foreign keys on, the WAL journal, a
 * busy timeout, and opens its transactions with {@code BEGIN IMMEDIATE}, so that concurrent writers
 * wait for each other instead of failing with {@code SQLITE_BUSY} (a deferred transaction that
 * reads and then writes fails at once when another connection writes).
 *
 * <p>A connection waiting for the write lock looks again every tenth of a millisecond or so for its
 * first 10 ms of waiting, then every millisecond, until the busy timeout. SQLite's own busy timeout
 * sleeps 1, 2, 5, 10, 15, 20, 25 ms and on up to 100 ms between looks: a write that meets a commit
 * of another connection (a relay completing rows, say) would wait milliseconds for a lock held for
 * a fraction of one, and after ten unlucky looks 178 ms.
 *
 * <p>Commits do not checkpoint the write-ahead log: a background thread does, shortly after them
 * (SQLite's automatic checkpoint runs inside the commit that finds the log past 1,000 pages, which
 * then waits for the copy into the database and two {@code fsync}s, milliseconds where a commit
 * takes a tenth of one). The connections keep SQLite's automatic checkpoint at 10,000 pages, in
 * case that thread falls behind. Closing the last open connection of a data source waits for a
 * checkpoint that is running; once it returned, the data source has the file open no more.
 *
 * <p>signals-jdbi declares the SQLite driver optional: a project that uses this class adds {@code
 * org.xerial:sqlite-jdbc} itself.
 *
 * <p>Receivers must write through the event's handle: a second connection opened on the same thread
 * during a write waits for the first one, which waits for the receiver.
 *
 * <p>While connections are open, read and write the database file through SQLite only. SQLite's
 * locks are POSIX locks, which belong to the process: closing any other descriptor of the file (a
 * stream opened to read its header, a copy, a checksum) drops the locks of every connection of the
 * process, and other processes then take the file for unused (see "How To Corrupt An SQLite
 * Database File" on sqlite.org, section 2.2).
 */
public final class SqliteDataSources {
  /** The busy timeout of {@link #file(Path)}. */
  public static final Duration DEFAULT_BUSY_TIMEOUT = Duration.ofSeconds(10);

  private SqliteDataSources() {}

  /**
   * A data source for a database file, created on first use, with the default busy timeout.
   *
   * @param file the database file
   * @return the data source
   */
  public static DataSource file(Path file) {
    return file(file, DEFAULT_BUSY_TIMEOUT);
  }

  /**
   * A data source for a database file, created on first use.
   *
   * @param file the database file
   * @param busyTimeout how long a connection waits for another writer before failing
   * @return the data source
   * @throws IllegalArgumentException if the timeout is negative or over {@code Integer.MAX_VALUE}
   *     milliseconds
   * @throws IllegalStateException if the SQLite driver ({@code org.xerial:sqlite-jdbc}, an optional
   *     dependency of signals-jdbi) is not on the class path
   */
  public static DataSource file(Path file, Duration busyTimeout) {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(busyTimeout, "busyTimeout");
    long millis = busyTimeout.toMillis();
    if (millis < 0 || millis > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("busyTimeout out of range: " + busyTimeout);
    }
    if (!driverPresent()) {
      throw new IllegalStateException(
          "SqliteDataSources needs the SQLite JDBC driver, which signals-jdbi does not bring:"
              + " add the dependency org.xerial:sqlite-jdbc to your project");
    }
    return Driver.dataSource(file, (int) millis);
  }

  private static boolean driverPresent() {
    try {
      Class.forName("org.sqlite.SQLiteDataSource", false, SqliteDataSources.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  /** The only class that names sqlite-jdbc's types: loaded once the driver is known present. */
  private static final class Driver {
    private Driver() {}

    static DataSource dataSource(Path file, int busyTimeoutMillis) {
      SQLiteConfig config = new SQLiteConfig();
      config.enforceForeignKeys(true);
      config.setJournalMode(SQLiteConfig.JournalMode.WAL);
      config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
      config.setBusyTimeout(busyTimeoutMillis);
      config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
      config.setWalAutocheckpoint(SqliteCheckpointer.BACKSTOP_PAGES);
      String url = "jdbc:sqlite:" + file.toAbsolutePath();
      Properties properties = new Properties();
      properties.putAll(config.toProperties());
      Properties copy = new Properties();
      copy.putAll(properties);
      SQLiteConfig existing = new SQLiteConfig(copy);
      existing.resetOpenMode(SQLiteOpenMode.CREATE);
      SqliteCheckpointer checkpointer =
          new SqliteCheckpointer(url, file.toAbsolutePath(), properties, existing.toProperties());
      SQLiteDataSource source =
          new SQLiteDataSource(config) {
            @Override
            public SQLiteConnection getConnection(String username, String password)
                throws SQLException {
              SQLiteConnection connection = checkpointer.open();
              if (busyTimeoutMillis > 0) {
                try {
                  BusyHandler.setHandler(connection, new ShortWaits(busyTimeoutMillis));
                } catch (SQLException e) {
                  connection.close();
                  throw e;
                }
              }
              return connection;
            }
          };
      source.setUrl(url);
      return source;
    }
  }

  /**
   * The busy handler of one connection (called by SQLite on the thread using the connection): short
   * waits for the first 10 ms, then 1 ms waits, until the busy timeout has passed since the first
   * call of this wait.
   */
  private static final class ShortWaits extends BusyHandler {
    private static final long SHORT = TimeUnit.MICROSECONDS.toNanos(100);
    private static final long LONG = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long SHORT_FOR = TimeUnit.MILLISECONDS.toNanos(10);

    private final long timeoutNanos;
    private long since;

    ShortWaits(int timeoutMillis) {
      this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    }

    @Override
    protected int callback(int calls) {
      long now = System.nanoTime();
      if (calls == 0) {
        since = now;
      }
      long waited = now - since;
      if (waited >= timeoutNanos) {
        return 0;
      }
      // As SQLite's own sleep: an interrupt does not end the wait (it stays set for the caller),
      // and it must not turn the wait into a spin, as a set flag would make parkNanos return.
      boolean interrupted = Thread.interrupted();
      LockSupport.parkNanos(Math.min(waited < SHORT_FOR ? SHORT : LONG, timeoutNanos - waited));
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
      return 1;
    }
  }
}
