package dev.jsignals.jdbi;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The write-ahead log of a {@link SqliteDataSources} file is copied into the database by a
 * background thread while connections are open, not by the commits (which leave SQLite's own
 * checkpoint to a log ten times its usual limit), and closing the last connection leaves the file
 * to its owner at once.
 */
class SqliteCheckpointTest {
  private static final int MIB = 1 << 20;

  @TempDir Path dir;

  @Test
  void aCommittedMegabyteReachesTheDatabaseFileWhileTheConnectionStaysOpen() throws Exception {
    Path file = dir.resolve("log.db");
    DataSource source = SqliteDataSources.file(file);
    try (Connection c = source.getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE photos (bytes BLOB NOT NULL)");
      // 256 pages: under SQLite's own limit of 1,000, so no commit would copy them while open.
      s.execute("INSERT INTO photos VALUES (randomblob(" + MIB + "))");
      awaitTrue(() -> size(file) >= MIB, "the database file to hold the megabyte");
      try (ResultSet limit = s.executeQuery("PRAGMA wal_autocheckpoint")) {
        assertThat(limit.next()).isTrue();
        assertThat(limit.getInt(1)).isEqualTo(SqliteCheckpointer.BACKSTOP_PAGES);
      }
    }
  }

  @Test
  void theLastConnectionClosedAroundACheckpointLeavesAFileThatCanBeDeletedAtOnce()
      throws Exception {
    Random random = new Random(42);
    List<Path> deleted = new ArrayList<>();
    String log =
        LogCapture.during(
            () -> {
              for (int i = 0; i < 40; i++) {
                Path own = dir.resolve("run-" + i);
                try {
                  Files.createDirectory(own);
                  DataSource source = SqliteDataSources.file(own.resolve("notes.db"));
                  try (Connection c = source.getConnection();
                      Statement s = c.createStatement()) {
                    s.execute("CREATE TABLE notes (text TEXT NOT NULL)");
                    s.execute("INSERT INTO notes VALUES ('first')");
                    // Closes near the moment the background checkpoint of this commit starts.
                    LockSupport.parkNanos(
                        TimeUnit.MILLISECONDS.toNanos(
                            SqliteCheckpointer.DELAY_MILLIS - 10 + random.nextInt(20)));
                  }
                  deleteTree(own);
                  deleted.add(own);
                } catch (IOException | SQLException e) {
                  throw new IllegalStateException("run " + i, e);
                }
              }
              awaitTrue(SqliteCheckpointer::idle, "the checkpoint thread to be idle");
            });
    assertThat(deleted).hasSize(40).noneMatch(Files::exists);
    assertThat(log).doesNotContain("checkpoint");
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void deleteTree(Path root) throws IOException {
    try (var paths = Files.walk(root)) {
      for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  private static void awaitTrue(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("Timed out waiting for " + what);
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
    }
  }
}
