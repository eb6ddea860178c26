package dev.jsignals.example;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Where the database password comes from when it is not in the URL: {@code --db-password-file}, or
 * the {@code PGPASSWORD} environment variable (the PostgreSQL driver itself reads {@code
 * ~/.pgpass}, or the file {@code PGPASSFILE} names). Stateless and thread-safe.
 */
final class Secrets {
  /** The longest password accepted from a file or standard input. */
  static final int MAX_PASSWORD = 1024;

  private Secrets() {}

  /**
   * The database password given apart from the URL, checked against the URL: a password file is
   * never silently ignored, and a password file of libpq's that others can read is refused, as
   * libpq refuses it.
   *
   * @param file the file of {@code --db-password-file}, or null
   * @param url the JDBC URL of {@code --db-url}, or null for the SQLite file of {@code --db}
   * @return the password, or null when none is given
   */
  static @Nullable String password(@Nullable Path file, @Nullable String url) {
    boolean postgres = url != null && url.startsWith("jdbc:postgresql:");
    if (file != null && !postgres) {
      throw new Refusal(
          "--db-password-file is for a PostgreSQL --db-url; a SQLite database has no password");
    }
    if (file != null && Faults.hidePasswords(url).contains("***")) {
      throw new Refusal(
          "the --db-url carries a password and --db-password-file gives one too: give it once");
    }
    String password = password(file);
    if (postgres && password == null && !Faults.hidePasswords(url).contains("***")) {
      refuseOpenPassFile();
    }
    return password;
  }

  /**
   * Refuses the password file the PostgreSQL driver would read ({@code PGPASSFILE}, else {@code
   * ~/.pgpass}) when its group or others may read it: libpq ignores such a file with a warning; the
   * driver would use it.
   */
  private static void refuseOpenPassFile() {
    String named = System.getenv("PGPASSFILE");
    Path file =
        named != null && !named.isEmpty()
            ? Path.of(named)
            : Path.of(System.getProperty("user.home"), ".pgpass");
    try {
      if (!Files.isRegularFile(file)
          || !file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
        return;
      }
      Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
      permissions.retainAll(
          EnumSet.complementOf(
              EnumSet.of(
                  PosixFilePermission.OWNER_READ,
                  PosixFilePermission.OWNER_WRITE,
                  PosixFilePermission.OWNER_EXECUTE)));
      if (!permissions.isEmpty()) {
        String shown = Validation.path(file.toString());
        throw new Refusal(
            "the password file "
                + shown
                + " can be read by others ("
                + PosixFilePermissions.toString(Files.getPosixFilePermissions(file))
                + "); as libpq, this program does not use it: run chmod 600 "
                + shown);
      }
    } catch (IOException e) {
      // unreadable attributes: the driver meets the same file and says so
    }
  }

  private static @Nullable String password(@Nullable Path file) {
    if (file == null) {
      String variable = System.getenv("PGPASSWORD");
      return variable == null || variable.isEmpty() ? null : variable;
    }
    String shown = Validation.path(file.toString());
    try (BoundedLines lines = new BoundedLines(Files.newInputStream(file), MAX_PASSWORD, shown)) {
      String line = lines.next();
      if (line == null || line.isEmpty()) {
        throw new Refusal("--db-password-file: " + shown + " holds no password on its first line");
      }
      return line;
    } catch (NoSuchFileException e) {
      throw new Refusal("--db-password-file: no such file: " + shown);
    } catch (IOException e) {
      throw new Refusal(
          "--db-password-file: cannot read "
              + shown
              + ": "
              + Validation.path(String.valueOf(e.getMessage())));
    }
  }
}
