package dev.jsignals.example;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** Bulk and maintenance commands. */
final class BulkCommands {
  private BulkCommands() {}

  /** {@code import-users FILE.csv}. */
  @Command(
      name = "import-users",
      description = "Register every username,email row of a CSV file, all or nothing.")
  static final class ImportUsers implements Callable<Integer> {
    @ParentCommand FoodApp app;

    @Parameters(paramLabel = "FILE.csv")
    Path file;

    @Override
    public Integer call() {
      List<Row> rows = read(file);
      PrintWriter err = app.spec.commandLine().getErr();
      app.store()
          .jdbi
          .useTransaction(
              handle -> {
                UserDao users = handle.attach(UserDao.class);
                Progress progress = Progress.start(err, rows.size());
                for (int i = 0; i < rows.size(); i++) {
                  Row row = rows.get(i);
                  if (users.find(row.user().getUsername()).isPresent()) {
                    throw new Refusal(
                        file
                            + " line "
                            + row.line()
                            + ": username '"
                            + row.user().getUsername()
                            + "' is taken; nothing was imported");
                  }
                  users.insert(row.user());
                  progress.step(i + 1);
                }
                progress.finish();
              });
      app.spec.commandLine().getOut().println("Imported " + rows.size() + " user(s)");
      return 0;
    }

    /** A user to import and the line of the file it came from. */
    private record Row(int line, User user) {}

    private static List<Row> read(Path file) {
      String text;
      try {
        byte[] bytes = Files.readAllBytes(file);
        text =
            StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .decode(java.nio.ByteBuffer.wrap(bytes))
                .toString();
      } catch (NoSuchFileException e) {
        throw new Refusal("no such file: " + file);
      } catch (CharacterCodingException e) {
        throw new Refusal(file + " is not UTF-8 text");
      } catch (IOException e) {
        throw new Refusal("cannot read " + file + ": " + e.getMessage());
      }
      if (text.startsWith("\uFEFF")) {
        text = text.substring(1);
      }
      List<Row> users = new ArrayList<>();
      Set<String> seen = new HashSet<>();
      String[] lines = text.split("\r?\n", -1);
      for (int i = 0; i < lines.length; i++) {
        int number = i + 1;
        String line = lines[i];
        if (line.isBlank()) {
          continue;
        }
        List<String> fields = Csv.fields(line, number);
        if (number == 1
            && fields.size() == 2
            && fields.get(0).strip().equalsIgnoreCase("username")) {
          continue;
        }
        if (fields.size() != 2) {
          throw new Refusal(
              file
                  + " line "
                  + number
                  + ": expected 2 columns (username,email), found "
                  + fields.size()
                  + "; nothing was imported");
        }
        String username = fields.get(0).strip();
        String email = fields.get(1).strip();
        try {
          Validation.username(username);
          Validation.email(email);
        } catch (Refusal e) {
          throw new Refusal(
              file + " line " + number + ": " + e.getMessage() + "; nothing was imported");
        }
        if (!seen.add(username)) {
          throw new Refusal(
              file
                  + " line "
                  + number
                  + ": username '"
                  + username
                  + "' appears twice; nothing was imported");
        }
        users.add(new Row(number, new User(username, email, null)));
      }
      if (users.isEmpty()) {
        throw new Refusal(file + " has no rows to import");
      }
      return users;
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
          app.store()
              .jdbi
              .inTransaction(
                  handle -> {
                    List<User> missing = handle.attach(UserDao.class).withoutProfile();
                    ProfileDao profiles = handle.attach(ProfileDao.class);
                    Progress progress = Progress.start(err, missing.size());
                    for (int i = 0; i < missing.size(); i++) {
                      profiles.insert(Profile.defaultFor(missing.get(i).getId()));
                      progress.step(i + 1);
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
          app.store()
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
