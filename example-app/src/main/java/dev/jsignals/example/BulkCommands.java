package dev.jsignals.example;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** Bulk and maintenance commands. */
final class BulkCommands {
  private BulkCommands() {}

  /** {@code import-users FILE.csv}. */
  @Command(
      name = "import-users",
      description = {
        "Register every username,email row of a CSV file, all or nothing.",
        "A first row 'username,email' is a header. Lines of over 4096 characters are refused."
      })
  static final class ImportUsers implements Callable<Integer> {
    /** The longest line accepted. */
    static final int MAX_LINE = 4096;

    @ParentCommand FoodApp app;

    @Parameters(paramLabel = "FILE.csv")
    Path file;

    @Override
    public Integer call() throws IOException {
      String shown = Validation.csvFile(file);
      long size = Files.isRegularFile(file) ? Files.size(file) : 0;
      PrintWriter err = app.spec.commandLine().getErr();
      int imported;
      try (BoundedLines lines = new BoundedLines(Files.newInputStream(file), MAX_LINE, shown)) {
        imported =
            app.store()
                .jdbi
                .inTransaction(
                    handle -> {
                      Progress progress = Progress.start(err, size);
                      int count = importAll(lines, handle.attach(UserDao.class), progress);
                      progress.finish(count + " users");
                      return count;
                    });
      } catch (NoSuchFileException e) {
        throw new Refusal("no such file: " + shown);
      } catch (RuntimeException e) {
        throw Faults.isUniqueViolation(e)
            ? new Refusal(shown + ": a username is taken; nothing was imported")
            : e;
      }
      app.spec.commandLine().getOut().println("Imported " + imported + " user(s)");
      return 0;
    }

    /** Streams the rows into the transaction: a bad row refuses, and so rolls back, them all. */
    private int importAll(BoundedLines lines, UserDao users, Progress progress) throws IOException {
      String shown = Validation.path(file.toString());
      int imported = 0;
      boolean first = true;
      for (String line = next(lines); line != null; line = next(lines)) {
        int number = lines.lineNumber();
        if (first && line.startsWith("\uFEFF")) {
          line = line.substring(1);
        }
        if (line.isBlank()) {
          continue;
        }
        List<String> fields = Csv.fields(line, number);
        boolean header = first && isHeader(fields);
        first = false;
        if (header) {
          continue;
        }
        String at = shown + " line " + number + ": ";
        if (fields.size() != 2) {
          throw new Refusal(
              at
                  + "expected 2 columns (username,email), found "
                  + fields.size()
                  + "; nothing was imported");
        }
        String username;
        String email = fields.get(1).strip();
        try {
          username = Validation.username(fields.get(0).strip());
          Validation.email(email);
        } catch (Refusal e) {
          throw new Refusal(at + e.getMessage() + "; nothing was imported");
        }
        if (users.find(username).isPresent()) {
          throw new Refusal(
              at
                  + "username '"
                  + Validation.echo(username)
                  + "' is taken (by an earlier line or user); nothing was imported");
        }
        users.insert(new User(username, email, null));
        imported++;
        progress.step(lines.bytesRead(), imported + " users");
      }
      if (imported == 0) {
        throw new Refusal(shown + " has no rows to import");
      }
      return imported;
    }

    private @Nullable String next(BoundedLines lines) throws IOException {
      try {
        return lines.next();
      } catch (Refusal e) {
        throw new Refusal(e.getMessage() + "; nothing was imported");
      }
    }

    /**
     * A header is the row {@code username,email} itself: no e-mail address reads {@code email}, so
     * a data row can never be taken for one.
     */
    private static boolean isHeader(List<String> fields) {
      return fields.size() == 2
          && fields.get(0).strip().equalsIgnoreCase("username")
          && fields.get(1).strip().equalsIgnoreCase("email");
    }
  }

  /** {@code backfill-profiles}. */
  @Command(
      name = "backfill-profiles",
      description = "Create the profiles missing for users written without signals.")
  static final class BackfillProfiles implements Callable<Integer> {
    @ParentCommand FoodApp app;

    @Override
    public Integer call() {
      PrintWriter err = app.spec.commandLine().getErr();
      int created =
          app.existing()
              .jdbi
              .inTransaction(
                  handle -> {
                    List<User> missing = handle.attach(UserDao.class).withoutProfile();
                    ProfileDao profiles = handle.attach(ProfileDao.class);
                    Progress progress = Progress.start(err, missing.size());
                    for (int i = 0; i < missing.size(); i++) {
                      profiles.insert(Profile.defaultFor(missing.get(i).getId()));
                      progress.step(i + 1, (i + 1) + " profiles");
                    }
                    progress.finish();
                    return missing.size();
                  });
      app.spec.commandLine().getOut().println("Created " + created + " profile(s)");
      return 0;
    }
  }

  /** {@code check}. */
  @Command(name = "check", description = "Integrity report; exit 1 when inconsistent.")
  static final class Check implements Callable<Integer> {
    @ParentCommand FoodApp app;

    @Override
    public Integer call() {
      PrintWriter out = app.spec.commandLine().getOut();
      long[] figures =
          app.reader()
              .jdbi
              .withHandle(
                  handle ->
                      new long[] {
                        count(handle, "SELECT count(*) FROM users"),
                        count(handle, "SELECT count(*) FROM profiles"),
                        count(
                            handle,
                            "SELECT count(*) FROM users u WHERE NOT EXISTS (SELECT 1 FROM"
                                + " profiles p WHERE p.user_id = u.id)"),
                        count(
                            handle,
                            "SELECT count(*) FROM profiles p WHERE NOT EXISTS (SELECT 1 FROM"
                                + " users u WHERE u.id = p.user_id)"),
                        count(
                                handle,
                                "SELECT count(*) FROM profiles p WHERE p.favorites_count <> (SELECT"
                                    + " count(*) FROM favorites f WHERE f.user_id = p.user_id)")
                            + count(
                                handle,
                                "SELECT count(*) FROM recipes r WHERE r.favorites_count <>"
                                    + " (SELECT count(*) FROM favorites f WHERE f.recipe_id ="
                                    + " r.id)")
                      });
      out.println("Users: " + figures[0]);
      out.println("Profiles: " + figures[1]);
      out.println("Users without a profile: " + figures[2]);
      out.println("Orphan profiles: " + figures[3]);
      out.println("Wrong favourite counts: " + figures[4]);
      if (figures[2] + figures[3] + figures[4] > 0) {
        throw new Refusal("inconsistent: run backfill-profiles, or see the report above");
      }
      out.println("Consistent");
      return 0;
    }

    private static long count(org.jdbi.v3.core.Handle handle, String sql) {
      return handle.createQuery(sql).mapTo(Long.class).one();
    }
  }
}
