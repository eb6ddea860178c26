package dev.jsignals.jdbi;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import javax.sql.DataSource;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * Ready SQLite data sources for signals: every connection has foreign keys on, the WAL journal, a
 * busy timeout, and opens its transactions with {@code BEGIN IMMEDIATE}, so that concurrent writers
 * wait for each other instead of failing with {@code SQLITE_BUSY} (a deferred transaction that
 * reads and then writes fails at once when another connection writes).
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
      SQLiteDataSource source = new SQLiteDataSource(config);
      source.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
      return source;
    }
  }
}
