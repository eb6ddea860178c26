package dev.jsignals.example;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.Callable;
import org.jdbi.v3.core.Handle;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** Loading fixtures: Django's {@code loaddata}. */
final class FixtureCommands {
  private FixtureCommands() {}

  /** The header a fixture file starts with. */
  static final String HEADER = "id,username,email,profile_id,profile_image";

  /** {@code load-fixture FILE.csv}. */
  @Command(
      name = "load-fixture",
      mixinStandardHelpOptions = true,
      description = {
        "Load users with their profiles, keys included, all or nothing, as raw saves:"
            + " receivers add no profile of their own.",
        "The file is CSV with the header "
            + HEADER
            + "; a row whose profile columns are"
            + " empty loads a user without a profile. A row whose id exists updates it.",
        "Every row is checked first: ids, usernames and profile ids appear once, and no row"
            + " takes a username or a profile of another user. A row at fault is named by its"
            + " line, and nothing is loaded."
      })
  static final class LoadFixture implements Callable<Integer> {
    @ParentCommand FoodApp app;

    @Parameters(paramLabel = "FILE.csv")
    Path file;

    @Override
    public Integer call() throws IOException {
      String shown = Validation.csvFile(file);
      // First the whole file on its own, before the database is opened: a wrong file creates none.
      FixtureCheck check = new FixtureCheck(shown);
      byte[] checked =
          read(
              file,
              shown,
              lines -> {
                String line = next(lines);
                Row row = line == null ? null : rowOf(shown, line, lines);
                if (row != null) {
                  check.add(row.user(), row.profile(), lines.lineNumber());
                }
                return line != null;
              });
      check.requireRows();
      long[] loaded =
          app.store()
              .jdbi
              .inTransaction(
                  handle -> {
                    FixtureDao fixtures = handle.attach(FixtureDao.class);
                    long[] counts = new long[2];
                    byte[] read =
                        read(
                            file,
                            shown,
                            lines -> {
                              String line = next(lines);
                              Row row = line == null ? null : rowOf(shown, line, lines);
                              if (row != null) {
                                check.against(
                                    handle, row.user(), row.profile(), lines.lineNumber());
                                fixtures.saveUser(row.user());
                                counts[0]++;
                                if (row.profile() != null) {
                                  fixtures.saveProfile(row.profile());
                                  counts[1]++;
                                }
                              }
                              return line != null;
                            });
                    if (!MessageDigest.isEqual(checked, read)) {
                      throw new Refusal(shown + " changed while it was loaded; nothing was loaded");
                    }
                    resetSequences(handle);
                    return counts;
                  });
      app.spec
          .commandLine()
          .getOut()
          .println("Loaded " + loaded[0] + " user(s) and " + loaded[1] + " profile(s)");
      return 0;
    }
  }

  /** What is done with each line; false at the end of the file. */
  @FunctionalInterface
  private interface LineStep {
    boolean next(BoundedLines lines) throws IOException;
  }

  /**
   * Reads the file after its header, one line in memory at a time, and returns the SHA-256 of its
   * bytes: the check and the load must have read the same file.
   */
  private static byte[] read(Path file, String shown, LineStep step) throws IOException {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
    try (BoundedLines lines =
        new BoundedLines(new DigestInputStream(Files.newInputStream(file), sha), MAX_LINE, shown)) {
      header(lines, shown);
      while (step.next(lines)) {
        // one line at a time
      }
    } catch (NoSuchFileException e) {
      throw new Refusal("no such file: " + shown);
    }
    return sha.digest();
  }

  /** The longest line accepted, as for {@code import-users}. */
  static final int MAX_LINE = BulkCommands.ImportUsers.MAX_LINE;

  private static @Nullable Row rowOf(String shown, String line, BoundedLines lines) {
    if (line.isBlank()) {
      return null;
    }
    int number = lines.lineNumber();
    return row(shown, number, fields(shown, line, number));
  }

  private static void header(BoundedLines lines, String shown) throws IOException {
    String header = next(lines);
    if (header != null && header.startsWith("\uFEFF")) {
      header = header.substring(1);
    }
    if (header == null || !header.strip().equals(HEADER)) {
      throw new Refusal(shown + " line 1: expected the header " + HEADER + "; nothing was loaded");
    }
  }

  private static @Nullable String next(BoundedLines lines) throws IOException {
    try {
      return lines.next();
    } catch (Refusal e) {
      throw new Refusal(e.getMessage() + "; nothing was loaded");
    }
  }

  private static List<String> fields(String shown, String line, int number) {
    try {
      return Csv.fields(line, number);
    } catch (Refusal e) {
      throw new Refusal(shown + ": " + e.getMessage() + "; nothing was loaded");
    }
  }

  /** A user and its profile, if any, from one line. */
  private record Row(User user, @Nullable Profile profile) {}

  /**
   * PostgreSQL's key sequences must move past the loaded keys, as {@code loaddata} does, and never
   * back: an id already handed out (its user since deleted) is never handed out again. (SQLite's
   * AUTOINCREMENT counter moves past explicit ids by itself.)
   */
  private static void resetSequences(Handle handle) {
    String product;
    try {
      product = handle.getConnection().getMetaData().getDatabaseProductName();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot tell which database this is", e);
    }
    if (product.equals("PostgreSQL")) {
      for (String table : List.of("users", "profiles")) {
        handle
            .createQuery(
                "SELECT setval(s.seq, GREATEST((SELECT coalesce(max(id), 0) + 1 FROM "
                    + table
                    + "), coalesce(pg_sequence_last_value(s.seq) + 1, 1)), false) FROM"
                    + " (SELECT pg_get_serial_sequence('"
                    + table
                    + "', 'id')::regclass AS seq) s")
            .mapTo(Long.class)
            .one();
      }
    }
  }

  private static Row row(String shown, int number, List<String> fields) {
    String where = shown + " line " + number + ": ";
    if (fields.size() != 5) {
      throw new Refusal(
          where
              + "expected 5 columns ("
              + HEADER
              + "), found "
              + fields.size()
              + "; nothing was"
              + " loaded");
    }
    try {
      long id = key(fields.get(0), "id");
      User user =
          new User(
              Validation.username(fields.get(1).strip()),
              Validation.email(fields.get(2).strip()),
              null);
      user.setId(id);
      boolean noProfile = fields.get(3).isBlank() && fields.get(4).isBlank();
      Profile profile =
          noProfile
              ? null
              : new Profile(key(fields.get(3), "profile_id"), id, fields.get(4).strip(), 0);
      if (profile != null && profile.image().isEmpty()) {
        throw new Refusal("profile_image is empty");
      }
      return new Row(user, profile);
    } catch (Refusal e) {
      throw new Refusal(where + e.getMessage() + "; nothing was loaded");
    }
  }

  private static long key(String value, String column) {
    try {
      long key = Long.parseLong(value.strip());
      if (key > 0) {
        return key;
      }
    } catch (NumberFormatException e) {
      // refused below
    }
    throw new Refusal(column + " '" + value.strip() + "' is not a positive whole number");
  }
}
