package dev.jsignals.example;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The one demo that runs against a database: a lock on a file beside it, held by the process. A
 * second demo there is refused rather than sharing the outbox (each would deliver the other's
 * welcome mail to its own in-process server). The operating system drops the lock when the process
 * ends, however it ends; the file itself stays, empty. Not thread-safe: one per demo run.
 */
final class DemoLock implements AutoCloseable {
  private final FileChannel channel;

  private DemoLock(FileChannel channel) {
    this.channel = channel;
  }

  /**
   * Takes the lock of the demo against {@code database}, or refuses.
   *
   * @param file the lock file, beside the database
   * @return the held lock
   * @throws Refusal if another demo holds it, or the file cannot be made
   */
  static DemoLock take(Path file) {
    String shown = Validation.path(file.toString());
    FileChannel channel;
    try {
      channel =
          file.getFileSystem().supportedFileAttributeViews().contains("posix")
              ? FileChannel.open(
                  file,
                  java.util.Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
                  PosixFilePermissions.asFileAttribute(
                      PosixFilePermissions.fromString("rw-------")))
              : FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new Refusal(
          "cannot create the demo's lock file "
              + shown
              + " ("
              + Validation.path(String.valueOf(e.getMessage()))
              + "): check the folder and its permissions");
    }
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (IOException e) {
      lock = null;
    }
    if (lock == null) {
      try {
        channel.close();
      } catch (IOException e) {
        // nothing was locked
      }
      throw new Refusal(
          "a demo is already running here (it holds "
              + shown
              + "); run this one when it has ended");
    }
    return new DemoLock(channel);
  }

  /** The lock file of the demo against a SQLite file, or against a database URL from here. */
  static Path fileFor(Path database) {
    return database.resolveSibling(database.getFileName() + ".demo-lock");
  }

  @Override
  public void close() throws IOException {
    channel.close(); // releases the lock
  }
}
