package dev.jsignals.example;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
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
    public Integer call() {
      List<Row> rows = read(file);
      app.store()
          .jdbi
          .useTransaction(
              handle -> {
                FixtureDao fixtures = handle.attach(FixtureDao.class);
                for (Row row : rows) {
                  fixtures.saveUser(row.user());
                  if (row.profile() != null) {
                    fixtures.saveProfile(row.profile());
                  }
                }
                resetSequences(handle);
              });
      long profiles = rows.stream().filter(r -> r.profile() != null).count();
      app.spec
          .commandLine()
          .getOut()
          .println("Loaded " + rows.size() + " user(s) and " + profiles + " profile(s)");
      return 0;
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

  private static List<Row> read(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new Refusal("no such file: " + file);
    } catch (IOException e) {
      throw new Refusal("cannot read " + file + " as UTF-8 text: " + e.getMessage());
    }
    if (lines.isEmpty() || !lines.get(0).strip().equals(HEADER)) {
      throw new Refusal(file + " line 1: expected the header " + HEADER + "; nothing was loaded");
    }
    List<Row> rows = new ArrayList<>();
    for (int i = 1; i < lines.size(); i++) {
      if (!lines.get(i).isBlank()) {
        rows.add(row(file, i + 1, Csv.fields(lines.get(i), i + 1)));
      }
    }
    if (rows.isEmpty()) {
      throw new Refusal(file + " has no rows to load");
    }
    return rows;
  }

  private static Row row(Path file, int number, List<String> fields) {
    String where = file + " line " + number + ": ";
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
