package dev.jsignals.example.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jsignals.example.FoodApp;
import dev.jsignals.testsupport.ChildJvm;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** On a terminal, import-users draws a progress bar; redirected, it prints none. */
class ImportProgressTest {
  @TempDir Path dir;

  private static String quoted(String value) {
    return "'" + value.replace("'", "'\\''") + "'";
  }

  @Test
  void importDrawsProgressOnATerminal() throws Exception {
    assumeTrue(
        Files.isExecutable(Path.of("/usr/bin/script")), "util-linux script gives a terminal");
    Path csv = dir.resolve("users.csv");
    StringBuilder rows = new StringBuilder("username,email\n");
    for (int i = 0; i < 2_000; i++) {
      rows.append("user").append(i).append(",user").append(i).append("@example.com\n");
    }
    Files.writeString(csv, rows);
    String command =
        ChildJvm.command(
                FoodApp.class,
                "--db",
                dir.resolve("food.db").toString(),
                "import-users",
                csv.toString())
            .stream()
            .map(ImportProgressTest::quoted)
            .collect(Collectors.joining(" "));
    Path log = dir.resolve("terminal.log");
    // script runs the command on a pseudo-terminal and copies what it shows to standard output.
    Process terminal =
        new ProcessBuilder("/usr/bin/script", "-qec", command, "/dev/null")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .redirectInput(ProcessBuilder.Redirect.PIPE)
            .start();
    assertThat(terminal.waitFor(300, TimeUnit.SECONDS)).isTrue();

    String shown = Files.readString(log, StandardCharsets.UTF_8);
    assertThat(terminal.exitValue()).as(shown).isZero();
    assertThat(shown).contains("] 100% 2000 users").contains("Imported 2000 user(s)");
  }
}
