package dev.jsignals.example;

import dev.jsignals.core.ModelEvent;
import dev.jsignals.core.Signals;
import dev.jsignals.dispatch.Connection;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The {@code foodapp} command line. */
@Command(
    name = "foodapp",
    mixinStandardHelpOptions = true,
    scope = CommandLine.ScopeType.INHERIT,
    version = "foodapp 0.1.0",
    description = "The Food App: every new user gets a profile, through post_save.",
    subcommands = {
      CommandLine.HelpCommand.class,
      FoodApp.Demo.class,
      UserCommands.Register.class,
      UserCommands.Users.class,
      UserCommands.Show.class,
      UserCommands.SetEmail.class,
      UserCommands.Delete.class,
      RecipeCommands.Add.class,
      RecipeCommands.Recipes.class,
      RecipeCommands.Favorite.class,
      RecipeCommands.Unfavorite.class,
      RecipeCommands.ClearFavorites.class,
      BulkCommands.ImportUsers.class,
      BulkCommands.BackfillProfiles.class,
      BulkCommands.Check.class,
      FixtureCommands.LoadFixture.class,
      FoodApp.SignalsCommand.class,
      OutboxCommands.class
    })
public final class FoodApp {
  @Option(names = "--db", paramLabel = "PATH", description = "SQLite file (default: foodapp.db)")
  @Nullable Path db;

  @Option(names = "--db-url", paramLabel = "JDBC_URL", description = "a JDBC URL instead of --db")
  @Nullable String dbUrl;

  @Option(
      names = "--db-password-file",
      paramLabel = "FILE",
      description =
          "read the database password from the file's first line (else PGPASSWORD or ~/.pgpass)")
  @Nullable Path dbPasswordFile;

  @Option(
      names = "--lock-timeout",
      paramLabel = "SECONDS",
      description = "how long a write waits for another writer (default: ${DEFAULT-VALUE})")
  int lockTimeoutSeconds = 120;

  @Option(
      names = "--smtp",
      paramLabel = "HOST:PORT",
      description = "SMTP server for the welcome e-mail (default: $FOODAPP_SMTP; none: it waits)")
  @Nullable String smtp = System.getenv("FOODAPP_SMTP");

  @Option(names = "--mail-from", paramLabel = "ADDRESS", description = "sender of the e-mail")
  String mailFrom = WelcomeMail.DEFAULT_FROM;

  @Option(names = "--verbose", description = "log each signal sent, and stack traces of bugs")
  boolean verbose;

  @Spec CommandLine.Model.CommandSpec spec;

  private final Faults faults = new Faults();
  private @Nullable Store store;
  private @Nullable FoodOutbox outbox;

  FoodApp() {}

  /**
   * Runs the program and exits with its code.
   *
   * @param args the command line
   */
  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /**
   * Runs the program: 0 on success, 1 for a refused operation, 2 for a usage error. No password
   * reaches either writer, in any form.
   *
   * @param args the command line
   * @param out standard output
   * @param err standard error
   * @return the exit code
   */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    FoodApp app = new FoodApp();
    for (String arg : args) {
      app.faults.secretsOf(arg);
    }
    CommandLine line = new CommandLine(app);
    line.setOut(out);
    line.setErr(err);
    line.setParameterExceptionHandler(
        (e, arguments) -> {
          err.println(app.faults.redact("error: " + e.getMessage()));
          String name = e.getCommandLine().getCommandSpec().qualifiedName();
          err.println("Try '" + name + " --help' for more information.");
          err.flush();
          return 2;
        });
    line.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          err.println(app.faults.redact(app.describe(e)));
          err.flush();
          return 1;
        });
    int code = line.execute(args);
    if (app.outbox != null && code != 2) {
      try {
        app.outbox.deliverDue(); // the welcome e-mails of this command, right after its commit
      } catch (RuntimeException e) {
        err.println("warning: e-mails not sent yet, a later run will send them: " + e.getMessage());
      }
    }
    out.flush();
    return code;
  }

  private String describe(Exception e) {
    String fault = Faults.message(e, lockTimeout());
    if (e instanceof Refusal) {
      return "error: " + e.getMessage();
    }
    if (fault != null) {
      return "error: " + fault;
    }
    if (!verbose) {
      return "error: "
          + Validation.path(String.valueOf(e))
          + " (a bug: run with --verbose for the stack trace)";
    }
    java.io.StringWriter trace = new java.io.StringWriter();
    e.printStackTrace(new PrintWriter(trace));
    return "error: " + trace;
  }

  private Duration lockTimeout() {
    return Duration.ofSeconds(lockTimeoutSeconds);
  }

  /** The database, opened for a command that writes: it may create it. */
  Store store() {
    return open(true);
  }

  /** The database, opened for a command that only reads: it never creates one. */
  Store reader() {
    return open(false);
  }

  private Store open(boolean writes) {
    if (store == null) {
      if (db != null && dbUrl != null) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "give --db or --db-url, not both");
      }
      if (lockTimeoutSeconds < 0 || lockTimeoutSeconds > 86_400) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "--lock-timeout must be 0 to 86400 seconds");
      }
      String password = Secrets.password(dbPasswordFile);
      faults.secret(password);
      if (verbose) {
        System.setProperty("org.slf4j.simpleLogger.log.dev.jsignals", "debug");
      }
      Signals signals = FoodOutbox.discover(smtp, mailFrom);
      if (verbose) {
        logEverySignal(signals, spec.commandLine().getErr());
      }
      Path file = db != null ? db : Path.of("foodapp.db");
      store = Store.open(new Store.Target(file, dbUrl, password, lockTimeout()), writes, signals);
      outbox = FoodOutbox.open(store, smtp != null);
    }
    return store;
  }

  FoodOutbox outbox() {
    store();
    return java.util.Objects.requireNonNull(outbox);
  }

  private static void logEverySignal(Signals signals, PrintWriter err) {
    signals.preSave().connect(e -> trace(err, "pre_save", e));
    signals.postSave().connect(e -> trace(err, "post_save created=" + e.created(), e));
    signals.preDelete().connect(e -> trace(err, "pre_delete", e));
    signals.postDelete().connect(e -> trace(err, "post_delete", e));
    signals.m2mChanged().connect(e -> trace(err, "m2m_changed " + e.action() + " " + e.pkSet(), e));
  }

  private static void trace(PrintWriter err, String what, ModelEvent<?> event) {
    err.println(
        "signal " + what + " sender=" + event.sender().getSimpleName() + " " + event.instance());
    err.flush();
  }

  /** The guide's shell test, on a fresh temporary user. */
  @Command(
      name = "demo",
      description =
          "Create a temporary user, show its profile and its welcome mail (sent to an in-process"
              + " SMTP server unless --smtp is given), delete it.")
  static final class Demo implements Callable<Integer> {
    @CommandLine.ParentCommand FoodApp app;

    @Override
    public Integer call() throws Exception {
      try (DemoMail mail = DemoMail.startUnless(app.smtp)) {
        if (mail.address() != null) {
          app.smtp = mail.address();
        }
        Store store = app.store();
        long pendingBefore = app.outbox().outbox.status().pending();
        String username = "demo-" + UUID.randomUUID().toString().substring(0, 8);
        PrintWriter out = app.spec.commandLine().getOut();
        User user = new User(username, username + "@example.com", null);
        store.jdbi.useHandle(
            handle -> {
              handle.attach(UserDao.class).insert(user);
              var profile = handle.attach(ProfileDao.class).forUser(user.getId());
              out.println("Profile created: " + profile.isPresent());
              out.println("Image: " + profile.map(Profile::image).orElse("(none)"));
            });
        out.println(mail.send(app.outbox(), user.getId(), pendingBefore, app.smtp));
        store.jdbi.useTransaction(
            tx -> {
              tx.attach(UserDao.class).clearFavorites(user);
              tx.attach(UserDao.class).delete(user);
            });
      }
      return 0;
    }
  }

  /** Lists the connected receivers. */
  @Command(name = "signals", description = "List the connected receivers per signal and sender.")
  static final class SignalsCommand implements Callable<Integer> {
    @CommandLine.ParentCommand FoodApp app;

    @Option(names = "--format", description = "text or mermaid (default: ${DEFAULT-VALUE})")
    String format = "text";

    @Override
    public Integer call() {
      if (!format.equals("text") && !format.equals("mermaid")) {
        throw new CommandLine.ParameterException(
            app.spec.commandLine(), "--format must be text or mermaid, not '" + format + "'");
      }
      Map<String, List<Connection>> all = FoodOutbox.discover(null, app.mailFrom).connections();
      PrintWriter out = app.spec.commandLine().getOut();
      if (format.equals("text")) {
        all.forEach(
            (signal, connections) -> {
              for (Connection c : connections) {
                out.printf(
                    "%-12s %-10s %-45s uid=%s%n", signal, sender(c), c.receiver(), c.dispatchUid());
              }
            });
      } else {
        out.println("flowchart LR");
        all.forEach(
            (signal, connections) -> {
              for (Connection c : connections) {
                out.printf(
                    "  %s([\"%s %s\"]) --> %s[\"%s\"]%n",
                    signal + "_" + sender(c),
                    signal,
                    sender(c),
                    c.dispatchUid() == null
                        ? "r" + c.hashCode()
                        : c.dispatchUid().replace('.', '_').replace('-', '_'),
                    c.receiver());
              }
            });
      }
      return 0;
    }

    private static String sender(Connection c) {
      return c.sender() instanceof Class<?> type ? type.getSimpleName() : "any";
    }
  }
}
