package dev.jsignals.example;

import java.io.PrintWriter;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help;
import picocli.CommandLine.Parameters;

/**
 * {@code foodapp help [COMMAND [SUBCOMMAND...]]}: the help of a command at any depth, such as
 * {@code help outbox relay}, exactly as {@code outbox relay --help} prints it. Picocli's own help
 * command looks at the first name only. Not thread-safe: one per run.
 */
@Command(
    name = "help",
    helpCommand = true,
    description = "Display help information about the specified command.")
final class HelpCommand implements CommandLine.IHelpCommandInitializable2, Runnable {
  @Parameters(paramLabel = "COMMAND", arity = "0..*", description = "the command (and subcommand)")
  String[] commands = new String[0];

  private @Nullable CommandLine self;
  private @Nullable PrintWriter out;
  private Help.@Nullable ColorScheme colors;

  @Override
  public void init(
      CommandLine helpCommandLine, Help.ColorScheme colors, PrintWriter out, PrintWriter err) {
    this.self = helpCommandLine;
    this.colors = colors;
    this.out = out;
  }

  @Override
  public void run() {
    CommandLine parent = Objects.requireNonNull(self).getParent();
    CommandLine target = parent;
    for (String name : commands) {
      CommandLine sub = target.getSubcommands().get(name);
      if (sub == null) {
        throw new CommandLine.ParameterException(
            parent,
            "Unknown subcommand '" + Validation.echo(name) + "'.",
            null,
            Validation.echo(name));
      }
      target = sub;
    }
    target.usage(Objects.requireNonNull(out), Objects.requireNonNull(colors));
  }
}
