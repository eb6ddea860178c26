package dev.jsignals.example;

import dev.jsignals.core.ModelEvent;
import dev.jsignals.core.Signals;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
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
      HelpCommand.class,
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
      SignalsCommand.class,
      FollowCommand.class,
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
      defaultValue = "${env:FOODAPP_SMTP}",
      converter = SmtpAddress.class,
      description = "SMTP server for the welcome e-mail (default: $FOODAPP_SMTP; none: it waits)")
  @Nullable String smtp;

  @Option(names = "--mail-from", paramLabel = "ADDRESS", description = "sender of the e-mail")
  String mailFrom = WelcomeMail.DEFAULT_FROM;

  @Option(
      names = "--kafka",
      paramLabel = "HOST:PORT",
      description =
          "mirror user and favourite events to this Kafka cluster (default: $FOODAPP_KAFKA)")
  @Nullable String kafka = System.getenv("FOODAPP_KAFKA");

  @Option(names = "--verbose", description = "log each signal sent, and stack traces of bugs")
  boolean verbose;

  @Spec CommandLine.Model.CommandSpec spec;

  private final Faults faults = new Faults();
  private @Nullable Store store;
  private @Nullable FoodOutbox outbox;
  private @Nullable KafkaMirror mirror;

  FoodApp() {}

  /**
   * Runs the program and exits with its code.
   *
   * @param args the command line
   */
  public static void main(String[] args) {
    Terminal.install();
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
          err.println(app.faults.redact("error: " + Validation.path(e.getMessage())));
          String name = e.getCommandLine().getCommandSpec().qualifiedName();
          err.println("Try '" + name + " --help' for more information.");
          err.flush();
          return 2;
        });
    line.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          err.println(app.faults.redact(app.describe(e)));
          err.flush();
          return e instanceof Refusal refusal ? refusal.exitCode() : 1;
        });
    int code = line.execute(args);
    // The welcome e-mails of this command, right after its commit; a command that failed committed
    // nothing, and what stopped it (a lock, a full disk) would stop the delivery as well.
    if (app.outbox != null && code == 0) {
      try {
        app.outbox.deliverDue();
      } catch (RuntimeException e) {
        err.println(
            app.faults.redact(
                "warning: e-mails not sent yet, a later run will send them: " + app.explain(e)));
      }
    }
    if (app.mirror != null) {
      try (KafkaMirror mirror = app.mirror) {
        mirror.publishDue(err); // this command's events, right after its commit
      } catch (RuntimeException e) {
        String why =
            e instanceof Refusal ? Validation.path(String.valueOf(e.getMessage())) : app.explain(e);
        err.println(app.faults.redact("warning: events not mirrored to Kafka yet: " + why));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    out.flush();
    return code;
  }

  private String describe(Exception e) {
    if (e instanceof Refusal) {
      return "error: " + Validation.printable(String.valueOf(e.getMessage()));
    }
    String fault = fault(e);
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

  /**
   * The one sentence for a database condition the user can act on ({@link Faults#message}), with
   * the driver's own words on a second line under {@code --verbose}; or null for anything else.
   */
  private @Nullable String fault(Throwable e) {
    String fault = Faults.message(e, lockTimeout());
    if (fault == null || !verbose) {
      return fault;
    }
    return fault + System.lineSeparator() + "  driver: " + Validation.path(Faults.driverText(e));
  }

  /**
   * A failure made safe to print: the sentence of a known condition (with the driver's words under
   * {@code --verbose}), else the exception's first line.
   */
  String explain(Throwable e) {
    String fault = fault(e);
    return fault != null ? fault : Validation.path(Faults.firstLine(String.valueOf(e)));
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

  /**
   * The database, opened for a command that reads or changes what is already there (a user, a
   * favourite, an outbox row): it never creates one, and a missing one is a usage error.
   */
  Store existing() {
    return open(false);
  }

  private Store open(boolean writes) {
    if (store == null) {
      if (kafka != null) {
        KafkaMirror.servers(kafka); // a wrong --kafka is refused before anything is written
      }
      if (db != null && dbUrl != null) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "give --db or --db-url, not both");
      }
      if (lockTimeoutSeconds < 0 || lockTimeoutSeconds > 86_400) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "--lock-timeout must be 0 to 86400 seconds");
      }
      String password = Secrets.password(dbPasswordFile, dbUrl);
      faults.secret(password);
      if (verbose) {
        System.setProperty("org.slf4j.simpleLogger.log.dev.jsignals", "debug");
      }
      Signals signals = FoodOutbox.discover(smtp, mailFrom);
      if (verbose) {
        logEverySignal(signals, spec.commandLine().getErr());
      }
      Path file = databaseFile();
      store = Store.open(new Store.Target(file, dbUrl, password, lockTimeout()), writes, signals);
      outbox = FoodOutbox.open(store, smtp != null);
      mirror = KafkaMirror.open(store, kafka);
    }
    return store;
  }

  Path databaseFile() {
    return db != null ? db : Path.of("foodapp.db");
  }

  /** The outbox of an existing database (or of the one this command opened already). */
  FoodOutbox outbox() {
    existing();
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
      DemoLock lock =
          DemoLock.take(
              app.dbUrl != null
                  ? DemoLock.fileForUrl(app.dbUrl)
                  : DemoLock.fileFor(app.databaseFile()));
      DemoMail mail = DemoMail.startUnless(app.smtp);
      boolean inProcess = mail.address() != null;
      try (lock;
          mail) {
        if (inProcess) {
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
      } finally {
        // The in-process server stops with the demo: the delivery that follows every command
        // must not try the older mails against it.
        if (inProcess && app.outbox != null) {
          app.outbox.stopSending();
        }
      }
      return 0;
    }
  }
}
