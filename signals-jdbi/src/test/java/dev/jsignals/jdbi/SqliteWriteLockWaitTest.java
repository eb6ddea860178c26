package dev.jsignals.jdbi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * A connection of {@link SqliteDataSources} that meets another connection's write lock: it waits
 * for the lock, takes it once the other commits, gives up with {@code SQLITE_BUSY} after its busy
 * timeout (not before), and neither ends its wait early nor loses its interrupt when interrupted.
 */
class SqliteWriteLockWaitTest {
  @TempDir Path dir;

  private DataSource source;

  @BeforeEach
  void createTable() throws SQLException {
    source = SqliteDataSources.file(dir.resolve("lock.db"), Duration.ofMillis(300));
    try (Connection c = source.getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE notes (text TEXT NOT NULL)");
    }
  }

  @Test
  void aWriterWaitsForTheLockAndWritesOnceTheHolderCommits() throws Exception {
    DataSource patient = SqliteDataSources.file(dir.resolve("lock.db"), Duration.ofMinutes(5));
    try (Connection holder = source.getConnection()) {
      holder.setAutoCommit(false);
      insert(holder, "first");
      AtomicReference<Thread> waiter = new AtomicReference<>();
      CompletableFuture<Void> second =
          CompletableFuture.runAsync(
              () -> {
                waiter.set(Thread.currentThread());
                try (Connection c = patient.getConnection()) {
                  insert(c, "second");
                } catch (SQLException e) {
                  throw new IllegalStateException(e);
                }
              });
      awaitWaiting(waiter);
      assertThat(second).isNotDone();
      commitAndLetGo(holder);
      second.get(5, TimeUnit.MINUTES);
    }
    assertThat(count()).isEqualTo(2);
  }

  @Test
  void aWriterGivesUpWithSqliteBusyOnceItsBusyTimeoutPassedAndWritesNothing() throws Exception {
    try (Connection holder = source.getConnection();
        Connection other = source.getConnection()) {
      holder.setAutoCommit(false);
      insert(holder, "held");
      long start = System.nanoTime();
      assertThatThrownBy(() -> insert(other, "refused"))
          .isInstanceOfSatisfying(
              SQLiteException.class,
              e -> assertThat(e.getResultCode()).isEqualTo(SQLiteErrorCode.SQLITE_BUSY));
      assertThat(Duration.ofNanos(System.nanoTime() - start))
          .isGreaterThanOrEqualTo(Duration.ofMillis(300))
          .isLessThan(Duration.ofMinutes(1));
      holder.rollback();
    }
    assertThat(count()).isZero();
  }

  @Test
  void aZeroBusyTimeoutGivesUpAtOnce() throws Exception {
    DataSource impatient = SqliteDataSources.file(dir.resolve("lock.db"), Duration.ZERO);
    try (Connection holder = source.getConnection();
        Connection other = impatient.getConnection()) {
      holder.setAutoCommit(false);
      insert(holder, "held");
      assertThatThrownBy(() -> insert(other, "refused"))
          .isInstanceOfSatisfying(
              SQLiteException.class,
              e -> assertThat(e.getResultCode()).isEqualTo(SQLiteErrorCode.SQLITE_BUSY));
      holder.commit();
    }
    assertThat(count()).isEqualTo(1);
  }

  @Test
  void anInterruptedWriterStillWaitsForTheLockAndKeepsItsInterrupt() throws Exception {
    DataSource patient = SqliteDataSources.file(dir.resolve("lock.db"), Duration.ofMinutes(5));
    AtomicBoolean stillInterrupted = new AtomicBoolean();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    try (Connection holder = source.getConnection()) {
      holder.setAutoCommit(false);
      insert(holder, "first");
      Thread writer =
          new Thread(
              () -> {
                Thread.currentThread().interrupt();
                try (Connection c = patient.getConnection()) {
                  insert(c, "second");
                } catch (SQLException | RuntimeException e) {
                  failure.set(e);
                }
                stillInterrupted.set(Thread.currentThread().isInterrupted());
              },
              "interrupted-writer");
      writer.start();
      awaitWaiting(new AtomicReference<>(writer));
      commitAndLetGo(holder);
      writer.join(TimeUnit.MINUTES.toMillis(5));
      assertThat(writer.isAlive()).isFalse();
    }
    assertThat(failure.get()).isNull();
    assertThat(stillInterrupted).isTrue();
    assertThat(count()).isEqualTo(2);
  }

  /** Waits (at most a minute) until the thread parks in the busy handler's wait for the lock. */
  private static void awaitWaiting(AtomicReference<Thread> waiter) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
    while (waiter.get() == null || waiter.get().getState() != Thread.State.TIMED_WAITING) {
      assertThat(System.nanoTime()).as("the writer waits for the lock").isLessThan(deadline);
      TimeUnit.MILLISECONDS.sleep(1);
    }
  }

  /**
   * Commits and leaves auto-commit on: sqlite-jdbc's {@code commit()} begins the next transaction
   * at once, which would take the write lock again.
   */
  private static void commitAndLetGo(Connection holder) throws SQLException {
    holder.setAutoCommit(true);
  }

  private static void insert(Connection c, String text) throws SQLException {
    try (var statement = c.prepareStatement("INSERT INTO notes (text) VALUES (?)")) {
      statement.setString(1, text);
      statement.executeUpdate();
    }
  }

  private long count() throws SQLException {
    try (Connection c = source.getConnection();
        Statement s = c.createStatement();
        var rs = s.executeQuery("SELECT COUNT(*) FROM notes")) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
