package dev.jsignals.example.cli;

import static dev.jsignals.example.cli.Cli.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jsignals.example.cli.Cli.Result;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Every command explains itself: {@code CMD --help} and {@code help CMD}. */
class HelpTest {
  private static final Pattern COMMAND = Pattern.compile("^  ([a-z][a-z-]*)\\s", Pattern.MULTILINE);

  private static List<String> commands() {
    String help = run("help").out();
    String listed = help.substring(help.indexOf("Commands:"));
    Matcher matcher = COMMAND.matcher(listed);
    List<String> names = new java.util.ArrayList<>();
    while (matcher.find()) {
      names.add(matcher.group(1));
    }
    return names;
  }

  @Test
  void everyCommandAnswersHelpBothWays() {
    List<String> commands = commands();
    assertThat(commands).contains("register", "import-users", "check", "signals", "help");
    for (String command : commands) {
      if (command.equals("help")) {
        continue;
      }
      Result dashed = run(command, "--help");
      Result asked = run("help", command);
      assertThat(dashed.code()).as(command).isZero();
      assertThat(dashed.out()).as(command).startsWith("Usage: foodapp " + command);
      assertThat(asked.code()).as(command).isZero();
      assertThat(asked.out()).as(command).isEqualTo(dashed.out());
    }
  }

  @Test
  void helpOfAnUnknownCommandIsAUsageError() {
    assertThat(run("help", "no-such-command").code()).isEqualTo(2);
  }
}
