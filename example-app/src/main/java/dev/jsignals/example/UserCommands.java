package dev.jsignals.example;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
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
        .find(username)
        .orElseThrow(() -> new Refusal("unknown user '" + username + "'"));
  }

  static void printUser(Handle handle, User user, PrintWriter out) {
    Profile profile = handle.attach(ProfileDao.class).forUser(user.getId()).orElse(null);
    out.println("User: " + user.getUsername() + " <" + user.getEmail() + ">");
    out.println(
        "Profile: "
            + (profile == null
                ? "none"
                : profile.image() + ", " + profile.favoritesCount() + " favourites"));
  }

  /** {@code register USERNAME EMAIL [--password-stdin]}. */
  @Command(name = "register", description = "Create a user; the profile appears through post_save.")
  static final class Register implements Callable<Integer> {
    @ParentCommand FoodApp app;

    @Parameters(index = "0", paramLabel = "USERNAME")
    String username;

    @Parameters(index = "1", paramLabel = "EMAIL")
    String email;

    @Option(names = "--password-stdin", description = "read the password from standard input")
    boolean passwordStdin;

    @Override
    public Integer call() throws IOException {
      Validation.username(username);
      Validation.email(email);
      String hash = passwordStdin ? Passwords.hash(readPassword()) : null;
      PrintWriter out = app.spec.commandLine().getOut();
      app.store()
          .jdbi
          .useTransaction(
              handle -> {
                UserDao users = handle.attach(UserDao.class);
                if (users.find(username).isPresent()) {
                  throw new Refusal("username '" + username + "' is taken");
                }
                User user = new User(username, email, hash);
                users.insert(user);
                printUser(handle, user, out);
              });
      return 0;
    }

    private static char[] readPassword() throws IOException {
      BufferedReader in =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      String line = in.readLine();
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
      PrintWriter out = app.spec.commandLine().getOut();
      app.store()
          .jdbi
          .useHandle(
              handle -> {
                out.printf("%-20s %-30s %-28s %s%n", "USERNAME", "EMAIL", "IMAGE", "FAVOURITES");
                for (User user : handle.attach(UserDao.class).all()) {
                  Profile p = handle.attach(ProfileDao.class).forUser(user.getId()).orElse(null);
                  out.printf(
                      "%-20s %-30s %-28s %s%n",
                      user.getUsername(),
                      user.getEmail(),
                      p == null ? "(no profile)" : p.image(),
                      p == null ? "-" : Integer.toString(p.favoritesCount()));
                }
              });
      return 0;
    }
  }

  /** {@code show USERNAME}. */
  @Command(name = "show", description = "Show one user, its profile and favourites.")
  static final class Show implements Callable<Integer> {
    @ParentCommand FoodApp app;

    @Parameters(paramLabel = "USERNAME")
    String username;

    @Override
    public Integer call() {
      PrintWriter out = app.spec.commandLine().getOut();
      app.store()
          .jdbi
          .useHandle(
              handle -> {
                User user = require(handle, username);
                printUser(handle, user, out);
                out.println(
                    "Favourites: "
                        + String.join(
                            ", ", handle.attach(UserDao.class).favoriteNames(user.getId())));
              });
      return 0;
    }
  }

  /** {@code set-email USERNAME EMAIL}. */
  @Command(name = "set-email", description = "Change a user's e-mail (post_save, created=false).")
  static final class SetEmail implements Callable<Integer> {
    @ParentCommand FoodApp app;

    @Parameters(index = "0", paramLabel = "USERNAME")
    String username;

    @Parameters(index = "1", paramLabel = "EMAIL")
    String email;

    @Override
    public Integer call() {
      Validation.email(email);
      PrintWriter out = app.spec.commandLine().getOut();
      app.store()
          .jdbi
          .useTransaction(
              handle -> {
                User user = require(handle, username);
                user.setEmail(email);
                handle.attach(UserDao.class).updateEmail(user);
                printUser(handle, user, out);
              });
      return 0;
    }
  }

  /** {@code delete USERNAME}. */
  @Command(name = "delete", description = "Delete a user, its profile and favourites.")
  static final class Delete implements Callable<Integer> {
    @ParentCommand FoodApp app;

    @Parameters(paramLabel = "USERNAME")
    String username;

    @Override
    public Integer call() {
      PrintWriter out = app.spec.commandLine().getOut();
      app.store()
          .jdbi
          .useTransaction(
              handle -> {
                User user = require(handle, username);
                UserDao users = handle.attach(UserDao.class);
                users.clearFavorites(user);
                users.delete(user);
              });
      out.println("Deleted " + username);
      return 0;
    }
  }
}
