package dev.jsignals.example;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.OSInfo;

/**
 * sqlite-jdbc's native library, extracted once per version into a private per-user cache ({@code
 * $XDG_CACHE_HOME/foodapp}, else {@code ~/.cache/foodapp}, owner-only) and loaded from there
 * through sqlite-jdbc's documented {@code org.sqlite.lib.path} and {@code org.sqlite.lib.name}
 * properties. Left to itself, sqlite-jdbc extracts a copy into the shared temporary folder on every
 * run, and when that fails (a file-size limit, a full disk, parallel runs cleaning each other's
 * copies) it logs dozens of lines of stack traces. Here a copy is written to a temporary file and
 * renamed into place, so parallel runs never see half a library, and a failure is one sentence.
 * Thread-safe.
 */
final class SqliteNative {
  private static volatile boolean loaded;

  private SqliteNative() {}

  /**
   * Loads the native library, extracting it first if this version's copy is not cached yet.
   *
   * @throws Refusal if it cannot be extracted or loaded
   */
  static synchronized void load() {
    if (loaded || System.getProperty("org.sqlite.lib.path") != null) {
      return;
    }
    String name = System.mapLibraryName("sqlitejdbc");
    String resource = "/org/sqlite/native/" + OSInfo.getNativeLibFolderPathForCurrentOS() + "/";
    if (SqliteNative.class.getResource(resource + name) == null && name.endsWith(".dylib")) {
      name = name.replace(".dylib", ".jnilib");
    }
    Path dir = cache().resolve("sqlite-jdbc-" + SQLiteJDBCLoader.getVersion());
    Path library = dir.resolve(name);
    try {
      if (!Files.isRegularFile(library)) {
        extract(resource + name, dir, library);
      }
    } catch (IOException e) {
      throw new Refusal(
          "cannot extract SQLite's native library into "
              + Validation.path(dir.toString())
              + " ("
              + Validation.path(String.valueOf(e.getMessage()))
              + "): check the free disk space, the folder's permissions and ulimit -f");
    }
    System.setProperty("org.sqlite.lib.path", dir.toString());
    System.setProperty("org.sqlite.lib.name", name);
    try {
      SQLiteJDBCLoader.initialize();
    } catch (Exception | LinkageError e) {
      throw new Refusal(
          "cannot load SQLite's native library "
              + Validation.path(library.toString())
              + " ("
              + Validation.path(String.valueOf(e.getMessage()))
              + "): delete it and run again");
    }
    loaded = true;
  }

  /** The per-user cache folder ({@code $XDG_CACHE_HOME/foodapp}, else {@code ~/.cache/foodapp}). */
  static Path cache() {
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path base =
        xdg != null && !xdg.isEmpty() && Path.of(xdg).isAbsolute()
            ? Path.of(xdg)
            : Path.of(System.getProperty("user.home"), ".cache");
    return base.resolve("foodapp");
  }

  private static void extract(String resource, Path dir, Path library) throws IOException {
    if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      Files.createDirectories(
          dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } else {
      Files.createDirectories(dir);
    }
    Path partial = Files.createTempFile(dir, library.getFileName().toString(), ".partial");
    try {
      try (InputStream in = SqliteNative.class.getResourceAsStream(resource)) {
        if (in == null) {
          throw new IOException("sqlite-jdbc has no native library for this system: " + resource);
        }
        Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
      }
      try {
        Files.move(partial, library, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(partial, library, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(partial);
    }
  }
}
