package dev.jsignals.example;

import dev.jsignals.outbox.DeliveryReport;
import dev.jsignals.outbox.Outbox;
import dev.jsignals.outbox.OutboxRow;
import dev.jsignals.outbox.OutboxStatus;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code foodapp outbox ...}: the durable deliveries, such as the welcome e-mail. */
@Command(
    name = "outbox",
    description = "Durable deliveries (the welcome e-mail): status, retry, skip, relay.",
    subcommands = {
      OutboxCommands.Status.class,
      OutboxCommands.Retry.class,
      OutboxCommands.Skip.class,
      OutboxCommands.Relay.class
    })
final class OutboxCommands implements Callable<Integer> {
  @ParentCommand FoodApp app;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "name a subcommand: status, retry, skip or relay");
  }

  Outbox outbox() {
    return app.outbox().outbox;
  }

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  /** Counts of the rows, and the dead ones with their last error. */
  @Command(name = "status", description = "Count pending, dead and kept rows; list the dead ones.")
  static final class Status implements Callable<Integer> {
    @ParentCommand OutboxCommands parent;

    @Override
    public Integer call() {
      OutboxStatus status = parent.outbox().status();
      PrintWriter out = parent.out();
      out.printf("pending   %d (in flight %d)%n", status.pending(), status.inFlight());
      out.printf("dead      %d%n", status.dead());
      out.printf("delivered %d kept, skipped %d kept%n", status.delivered(), status.skipped());
      out.printf(
          "oldest    %s%n",
          status.oldestPending() == null ? "-" : status.oldestPending().toSeconds() + " s");
      for (OutboxRow row : parent.outbox().rows(OutboxRow.Status.DEAD)) {
        out.printf(
            "dead #%d %s %s %s after %d attempts: %s%n",
            row.id(),
            row.receiver(),
            row.model().substring(row.model().lastIndexOf('.') + 1),
            row.key(),
            row.attempts(),
            Validation.path(String.valueOf(row.lastError())));
      }
      return 0;
    }
  }

  /** Makes dead rows pending again. */
  @Command(
      name = "retry",
      description = "Deliver a dead row (ID) or every dead row (--dead) again.")
  static final class Retry implements Callable<Integer> {
    @ParentCommand OutboxCommands parent;

    @Parameters(arity = "0..1", paramLabel = "ID", description = "the dead row's id")
    @Nullable Long id;

    @Option(names = "--dead", description = "every dead row")
    boolean dead;

    @Override
    public Integer call() {
      if ((id == null) == !dead) {
        throw new CommandLine.ParameterException(
            parent.spec.commandLine().getSubcommands().get("retry"),
            "give either a row ID or --dead");
      }
      if (dead) {
        parent
            .out()
            .printf("%d dead row(s) will be delivered again%n", parent.outbox().retryDead());
        return 0;
      }
      try {
        parent.outbox().retry(id);
      } catch (IllegalArgumentException e) {
        throw new Refusal("no dead outbox row has id " + id);
      }
      parent.out().printf("row %d will be delivered again%n", id);
      return 0;
    }
  }

  /** Gives up a dead row. */
  @Command(
      name = "skip",
      description = "Never deliver a dead (or waiting) row; its key flows again.")
  static final class Skip implements Callable<Integer> {
    @ParentCommand OutboxCommands parent;

    @Parameters(paramLabel = "ID", description = "the row's id")
    long id;

    @Override
    public Integer call() {
      try {
        parent.outbox().skip(id);
      } catch (IllegalArgumentException e) {
        throw new Refusal("no dead or waiting outbox row has id " + id);
      }
      parent.out().printf("row %d skipped%n", id);
      return 0;
    }
  }

  /** Delivers rows: once, or until stopped. */
  @Command(name = "relay", description = "Send due e-mails once (--once), or keep relaying.")
  static final class Relay implements Callable<Integer> {
    @ParentCommand OutboxCommands parent;

    @Option(names = "--once", description = "send what is due, then exit")
    boolean once;

    @Override
    public Integer call() throws InterruptedException {
      FoodOutbox outbox = parent.app.outbox();
      if (!outbox.canSend()) {
        throw new Refusal("the relay needs an SMTP server: give --smtp HOST:PORT");
      }
      if (once) {
        DeliveryReport report = outbox.outbox.deliverDueReport();
        OutboxStatus left = outbox.outbox.status();
        parent
            .out()
            .printf(
                "%d e-mail(s) sent, %d failed, %d dead, %d deferred (server unreachable);"
                    + " %d pending, %d dead in all%n",
                report.delivered(),
                report.failed() + report.lost(),
                report.dead(),
                report.deferred(),
                left.pending(),
                left.dead());
        return report.allDelivered() ? 0 : 2;
      }
      outbox.outbox.start();
      parent.out().println("relaying; stop with Ctrl-C");
      parent.out().flush();
      new CountDownLatch(1).await();
      return 0;
    }
  }
}
