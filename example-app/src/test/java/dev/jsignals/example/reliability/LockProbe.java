package dev.jsignals.example.reliability;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A child program that tells whether any process holds SQLite's shared lock on a database file: it
 * tries to lock the bytes where SQLite's readers take theirs (POSIX locks, as SQLite's), and prints
 * {@code held} or {@code free}. Run it in a process of its own: POSIX locks never conflict within
 * one process.
 */
public final class LockProbe {
  /** Where SQLite's shared locks live: {@code PENDING_BYTE + 2}, 510 bytes (see os_unix.c). */
  private static final long SHARED_FIRST = 0x40000000L + 2;

  private static final long SHARED_SIZE = 510;

  private LockProbe() {}

  /**
   * Probes the file.
   *
   * @param args the database path
   * @throws Exception if the file cannot be opened
   */
  public static void main(String[] args) throws Exception {
    try (FileChannel channel =
        FileChannel.open(Path.of(args[0]), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      FileLock lock = channel.tryLock(SHARED_FIRST, SHARED_SIZE, false);
      System.out.println(lock == null ? "held" : "free");
      if (lock != null) {
        lock.release();
      }
    }
  }
}
