package dev.jsignals.example;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
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
   * The database password given apart from the URL.
   *
   * @param file the file of {@code --db-password-file}, or null
   * @return the password, or null when none is given
   */
  static @Nullable String password(@Nullable Path file) {
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
