package dev.jsignals.example.operator;

import static dev.jsignals.example.operator.Foodapp.inJvm;
import static dev.jsignals.example.operator.Foodapp.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jsignals.example.FoodApp;
import dev.jsignals.example.operator.Foodapp.Run;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --smtp HOST:PORT} is checked while the command line is parsed: a wrong host or port is a
 * usage error naming the option, and nothing is created, written or sent.
 */
class SmtpOptionTest {
  @TempDir Path dir;

  private Run register(Map<String, String> env, String... smtp) {
    String[] args = new String[smtp.length + 5];
    System.arraycopy(smtp, 0, args, 0, smtp.length);
    System.arraycopy(
        new String[] {"--db", dir.resolve("food.db").toString(), "register", "ada", "a@b.cd"},
        0,
        args,
        smtp.length,
        5);
    return run(dir, env, args);
  }

  @Test
  void portOutOfRangeIsAUsageErrorAndWritesNothing() {
    Run result = register(Map.of(), "--smtp", "localhost:99999");

    assertThat(result.code()).isEqualTo(2);
    assertThat(result.errLines())
        .containsExactly(
            "error: Invalid value for option '--smtp': 'localhost:99999': the port"
                + " must be a number from 1 to 65535",
            "Try 'foodapp --help' for more information.");
    assertThat(dir).as("no database created").isEmptyDirectory();
  }

  @Test
  void portThatIsNotANumberIsAUsageErrorNotPort25() {
    Run result =
        inJvm("--smtp", "mail.example.com:abc", "--db", dir.resolve("food.db").toString(), "users");

    assertThat(result.code()).isEqualTo(2);
    assertThat(result.errLines().get(0))
        .isEqualTo(
            "error: Invalid value for option '--smtp': 'mail.example.com:abc': the"
                + " port must be a number from 1 to 65535");
    assertThat(dir).isEmptyDirectory();
  }

  @Test
  void wrongValueFromTheEnvironmentIsAUsageErrorNamingIt() {
    Run result = register(Map.of("FOODAPP_SMTP", "localhost:0"));

    assertThat(result.code()).isEqualTo(2);
    assertThat(result.errLines().get(0))
        .isEqualTo(
            "error: Invalid value for option '--smtp': 'localhost:0' (the value of"
                + " $FOODAPP_SMTP): the port must be a number from 1 to 65535");
    assertThat(dir).isEmptyDirectory();
  }

  private static int parse(String smtp, StringWriter err) {
    return FoodApp.run(
        new String[] {"--smtp", smtp, "signals"},
        new PrintWriter(new StringWriter()),
        new PrintWriter(err));
  }

  @Test
  void hostAndPortAreCheckedOneByOne() {
    for (String wrong :
        List.of(
            "localhost", ":25", "localhost:", "local host:25", "host:65536", "host:-1", "h_:25")) {
      StringWriter err = new StringWriter();
      assertThat(parse(wrong, err)).as(wrong).isEqualTo(2);
      assertThat(err.toString()).as(wrong).startsWith("error: Invalid value for option '--smtp'");
    }
    for (String right :
        List.of("localhost:25", "10.0.0.7:2525", "mail.example.com:65535", "[::1]:1")) {
      StringWriter err = new StringWriter();
      assertThat(parse(right, err)).as(right).isZero();
      assertThat(err.toString()).as(right).isEmpty();
    }
  }
}
