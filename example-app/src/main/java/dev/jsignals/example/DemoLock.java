package dev.jsignals.example;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

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

  /** The lock file of the demo against a SQLite file: beside it. */
  static Path fileFor(Path database) {
    return database.resolveSibling(database.getFileName() + ".demo-lock");
  }

  /**
   * The lock file of the demo against a database URL: in the user's private cache folder, named by
   * a digest of the URL, so demos against one server exclude each other wherever they are started
   * and nothing is left in the working folder.
   */
  static Path fileForUrl(String url) {
    Path dir = SqliteNative.cache();
    try {
      if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
        Files.createDirectories(
            dir,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      } else {
        Files.createDirectories(dir);
      }
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(url.getBytes(StandardCharsets.UTF_8));
      return dir.resolve("demo-" + HexFormat.of().formatHex(digest, 0, 8) + ".lock");
    } catch (IOException | NoSuchAlgorithmException e) {
      throw new Refusal(
          "cannot create the folder of the demo's lock file "
              + Validation.path(dir.toString())
              + " ("
              + Validation.path(String.valueOf(e.getMessage()))
              + "): check its permissions");
    }
  }

  @Override
  public void close() throws IOException {
    channel.close(); // releases the lock
  }
}
