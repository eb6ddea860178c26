package dev.jsignals.example;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
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
            + " empty loads a user without a profile. A row whose id exists updates it."
      })
  static final class LoadFixture implements Callable<Integer> {
    @ParentCommand FoodApp app;

    @Parameters(paramLabel = "FILE.csv")
    Path file;

    @Override
    public Integer call() throws IOException {
      String shown = Validation.path(file.toString());
      if (Files.isDirectory(file)) {
        throw new Refusal(shown + " is a directory, not a CSV file");
      }
      long[] loaded;
      try (BoundedLines lines = new BoundedLines(Files.newInputStream(file), MAX_LINE, shown)) {
        header(lines, shown); // before the database is opened: a wrong file creates none
        loaded =
            app.store()
                .jdbi
                .inTransaction(
                    handle -> {
                      long[] counts = load(lines, shown, handle.attach(FixtureDao.class));
                      resetSequences(handle);
                      return counts;
                    });
      } catch (NoSuchFileException e) {
        throw new Refusal("no such file: " + shown);
      }
      app.spec
          .commandLine()
          .getOut()
          .println("Loaded " + loaded[0] + " user(s) and " + loaded[1] + " profile(s)");
      return 0;
    }
  }

  /** The longest line accepted, as for {@code import-users}. */
  static final int MAX_LINE = BulkCommands.ImportUsers.MAX_LINE;

  /**
   * Streams the rows into the transaction, one line in memory at a time: a bad line refuses, and so
   * rolls back, them all. Returns the counts of users and profiles.
   */
  private static long[] load(BoundedLines lines, String shown, FixtureDao fixtures)
      throws IOException {
    long users = 0;
    long profiles = 0;
    for (String line = next(lines); line != null; line = next(lines)) {
      if (line.isBlank()) {
        continue;
      }
      int number = lines.lineNumber();
      Row row = row(shown, number, fields(shown, line, number));
      fixtures.saveUser(row.user());
      users++;
      if (row.profile() != null) {
        fixtures.saveProfile(row.profile());
        profiles++;
      }
    }
    if (users == 0) {
      throw new Refusal(shown + " has no rows to load");
    }
    return new long[] {users, profiles};
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

  /** PostgreSQL's key sequences must move past the loaded keys, as {@code loaddata} does. */
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
                "SELECT setval(pg_get_serial_sequence('"
                    + table
                    + "', 'id'), (SELECT coalesce(max(id), 0) + 1 FROM "
                    + table
                    + "), false)")
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
