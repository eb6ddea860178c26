package dev.jsignals.example;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.jdbi.v3.core.Handle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** The commands about users. */
final class UserCommands {
  private UserCommands() {}

  static User require(Handle handle, String username) {
    return handle
        .attach(UserDao.class)
        .find(Validation.normalizeUsername(username))
        .orElseThrow(() -> new Refusal("unknown user '" + Validation.echo(username) + "'"));
  }

  /** The lines that show a user and its profile, printed once the transaction has committed. */
  static List<String> describe(Handle handle, User user) {
    Profile profile = handle.attach(ProfileDao.class).forUser(user.getId()).orElse(null);
    return List.of(
        "User: "
            + Validation.printable(user.getUsername())
            + " <"
            + Validation.printable(user.getEmail())
            + ">",
        "Profile: "
            + (profile == null
                ? "none"
                : Validation.printable(profile.image())
                    + ", "
                    + profile.favoritesCount()
                    + " favourites"));
  }

  static void print(List<String> lines, PrintWriter out) {
    lines.forEach(out::println);
  }

  /** A command whose first argument is a {@code USERNAME}. */
  abstract static class UserCommand implements Callable<Integer> {
    @ParentCommand FoodApp app;

    @Parameters(index = "0", paramLabel = "USERNAME")
    String username;
  }

  /** {@code register USERNAME EMAIL [--password-stdin]}. */
  @Command(name = "register", description = "Create a user; the profile appears through post_save.")
  static final class Register extends UserCommand {
    @Parameters(index = "1", paramLabel = "EMAIL")
    String email;

    @Option(names = "--password-stdin", description = "read the password from standard input")
    boolean passwordStdin;

    @Override
    public Integer call() throws IOException {
      String name = Validation.username(username);
      Validation.email(email);
      String hash = passwordStdin ? Passwords.hash(readPassword()) : null;
      Refusal taken = new Refusal("username '" + Validation.echo(name) + "' is taken");
      List<String> lines;
      try {
        lines =
            app.store()
                .jdbi
                .inTransaction(
                    handle -> {
                      UserDao users = handle.attach(UserDao.class);
                      if (users.find(name).isPresent()) {
                        throw taken;
                      }
                      User user = new User(name, email, hash);
                      users.insert(user);
                      return describe(handle, user);
                    });
      } catch (RuntimeException e) {
        // Two registrations of one name at once: the database's unique index decides.
        if (Faults.isUniqueViolation(e) && lookAlike(e)) {
          throw new Refusal(
              "username '"
                  + Validation.echo(name)
                  + "' looks like one that is taken (letters of another script that look"
                  + " alike); choose another");
        }
        throw Faults.isUniqueViolation(e) ? taken : e;
      }
      print(lines, app.spec.commandLine().getOut());
      return 0;
    }

    /** Was the unique index broken the one on the names' look (migration V1_2)? */
    private static boolean lookAlike(Throwable e) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (String.valueOf(t.getMessage()).contains("users_username_skeleton")) {
          return true;
        }
      }
      return false;
    }

    /** Reads one line of standard input, streaming: never more than the bound. */
    @SuppressWarnings("resource") // standard input stays open
    private static char[] readPassword() throws IOException {
      BoundedLines in = new BoundedLines(System.in, Secrets.MAX_PASSWORD, "--password-stdin:");
      String line = in.next();
      if (line == null || line.isEmpty()) {
        throw new Refusal("--password-stdin: no password on standard input");
      }
      return line.toCharArray();
    }
  }

  /** {@code users}. */
  @Command(name = "users", description = "List the users with their profile and favourites.")
  static final class Users implements Callable<Integer> {
    @ParentCommand FoodApp app;

    @Override
    public Integer call() {
      String format = "%-20s %-30s %-28s %s";
      List<String> rows = new ArrayList<>();
      rows.add(String.format(format, "USERNAME", "EMAIL", "IMAGE", "FAVOURITES"));
      app.reader()
          .jdbi
          .useHandle(
              handle -> {
                for (User user : handle.attach(UserDao.class).all()) {
                  Profile p = handle.attach(ProfileDao.class).forUser(user.getId()).orElse(null);
                  rows.add(
                      String.format(
                          format,
                          Validation.printable(user.getUsername()),
                          Validation.printable(user.getEmail()),
                          p == null ? "(no profile)" : Validation.printable(p.image()),
                          p == null ? "-" : Integer.toString(p.favoritesCount())));
                }
              });
      print(rows, app.spec.commandLine().getOut()); // once every row is read: no bare header
      return 0;
    }
  }

  /** {@code show USERNAME}. */
  @Command(name = "show", description = "Show one user, its profile and favourites.")
  static final class Show extends UserCommand {

    @Override
    public Integer call() {
      PrintWriter out = app.spec.commandLine().getOut();
      app.reader()
          .jdbi
          .useHandle(
              handle -> {
                User user = require(handle, username);
                print(describe(handle, user), out);
                out.println(
                    "Favourites: "
                        + Validation.printable(
                            String.join(
                                ", ", handle.attach(UserDao.class).favoriteNames(user.getId()))));
              });
      return 0;
    }
  }

  /** {@code set-email USERNAME EMAIL}. */
  @Command(name = "set-email", description = "Change a user's e-mail (post_save, created=false).")
  static final class SetEmail extends UserCommand {
    @Parameters(index = "1", paramLabel = "EMAIL")
    String email;

    @Override
    public Integer call() {
      Validation.email(email);
      List<String> lines =
          app.existing()
              .jdbi
              .inTransaction(
                  handle -> {
                    User user = require(handle, username);
                    user.setEmail(email);
                    handle.attach(UserDao.class).updateEmail(user);
                    return describe(handle, user);
                  });
      print(lines, app.spec.commandLine().getOut());
      return 0;
    }
  }

  /** {@code delete USERNAME}. */
  @Command(name = "delete", description = "Delete a user, its profile and favourites.")
  static final class Delete extends UserCommand {

    @Override
    public Integer call() {
      PrintWriter out = app.spec.commandLine().getOut();
      String deleted =
          app.existing()
              .jdbi
              .inTransaction(
                  handle -> {
                    User user = require(handle, username);
                    UserDao users = handle.attach(UserDao.class);
                    users.clearFavorites(user);
                    users.delete(user);
                    return user.getUsername();
                  });
      out.println("Deleted " + Validation.printable(deleted));
      return 0;
    }
  }
}
