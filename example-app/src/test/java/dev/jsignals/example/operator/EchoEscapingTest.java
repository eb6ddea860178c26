package dev.jsignals.example.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jsignals.example.operator.CliProcess.Result;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whatever a user types, the terminal receives no control character: echoes are escaped. */
class EchoEscapingTest {
  private static final String ESC = "\u001b";
  private static final String HOSTILE = "x" + ESC + "[2J" + ESC + "]0;owned\u0007";

  @TempDir Path dir;

  private static void assertInert(Result result, String what) {
    assertThat(result.all())
        .as(what)
        .doesNotContain(ESC)
        .doesNotContain("\u0007")
        .contains("x\\x1B[2J\\x1B]0;owned\\x07");
  }

  @Test
  void mailFromSmtpAndUnknownOptionsAreEchoedEscaped() throws Exception {
    Result from = CliProcess.run(dir, "--mail-from", HOSTILE, "recipes");
    assertThat(from.code()).isNotZero();
    assertInert(from, "--mail-from");

    Result option = CliProcess.run(dir, "--" + HOSTILE, "recipes");
    assertThat(option.code()).isEqualTo(2);
    assertInert(option, "an unknown option");

    Result smtp =
        CliProcess.run(
            dir, "--db", "food.db", "--smtp", HOSTILE + ":25", "register", "ada", "a@b.cd");
    assertInert(smtp, "--smtp");
  }
}
