package dev.jsignals.example.cli;

import static dev.jsignals.example.cli.Cli.run;
import static dev.jsignals.example.cli.Cli.runWithInput;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jsignals.example.cli.Cli.Result;
import java.io.FileInputStream;
import java.io.InputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Input of any size is read streaming; a line over the bound is refused naming the line. */
class InputLimitsTest {
  @TempDir Path dir;

  private Path db() {
    return dir.resolve("food.db");
  }

  private String users() {
    return run("--db", db().toString(), "check").out().lines().findFirst().orElseThrow();
  }

  @Test
  void importOfDevZeroIsRefusedNamingTheLine() {
    Result result = run("--db", db().toString(), "import-users", "/dev/zero");

    assertThat(result.code()).isEqualTo(1);
    assertThat(result.errLines())
        .containsExactly(
            "error: /dev/zero line 1 is longer than 4096 characters; nothing was imported");
    assertThat(users()).isEqualTo("Users: 0");
  }

  @Test
  void importWithAHugeLineIsRefusedNamingItAndImportsNothing() throws Exception {
    Path csv = dir.resolve("users.csv");
    try (Writer out = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
      out.write("ada,ada@example.com\nbob,bob@example.com\ncy,cy@example.com\n");
      String block = "x".repeat(1 << 16);
      for (int i = 0; i < 160; i++) { // a 10 MB line
        out.write(block);
      }
      out.write(",huge@example.com\n");
    }

    Result result = run("--db", db().toString(), "import-users", csv.toString());

    assertThat(result.code()).isEqualTo(1);
    assertThat(result.errLines())
        .containsExactly(
            "error: " + csv + " line 4 is longer than 4096 characters; nothing was imported");
    assertThat(users()).isEqualTo("Users: 0");
  }

  @Test
  void passwordFromDevZeroIsRefused() throws Exception {
    Result result;
    try (InputStream zeros = new FileInputStream("/dev/zero")) {
      result =
          runWithInput(
              zeros, "--db", db().toString(), "register", "ada", "ada@ex.com", "--password-stdin");
    }

    assertThat(result.code()).isEqualTo(1);
    assertThat(result.errLines())
        .containsExactly("error: --password-stdin: line 1 is longer than 1024 characters");
    assertThat(db()).doesNotExist();
  }

  @Test
  void headerIsSkippedOnlyWhenItIsOne() throws Exception {
    Path data = Files.writeString(dir.resolve("data.csv"), "username,username@example.com\n");
    Path header =
        Files.writeString(dir.resolve("header.csv"), " Username , EMAIL \nbob,b@ex.com\n");

    assertThat(run("--db", db().toString(), "import-users", data.toString()).out())
        .isEqualTo("Imported 1 user(s)\n");
    assertThat(run("--db", db().toString(), "import-users", header.toString()).out())
        .isEqualTo("Imported 1 user(s)\n");
    assertThat(users()).isEqualTo("Users: 2");
    assertThat(run("--db", db().toString(), "show", "username").out())
        .startsWith("User: username <username@example.com>");
  }

  @Test
  void fixtureOfDevZeroIsRefusedNamingTheLineAndCreatesNoDatabase() {
    Result result = run("--db", db().toString(), "load-fixture", "/dev/zero");

    assertThat(result.code()).isEqualTo(1);
    assertThat(result.errLines())
        .containsExactly(
            "error: /dev/zero line 1 is longer than 4096 characters; nothing was loaded");
    assertThat(db()).doesNotExist();
  }

  @Test
  void fixtureWithAHugeLineIsRefusedNamingItAndLoadsNothing() throws Exception {
    Path csv = dir.resolve("fixture.csv");
    try (Writer out = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
      out.write("id,username,email,profile_id,profile_image\n");
      out.write("1,ada,ada@example.com,1,ada.png\n2,bob,bob@example.com,,\n3,");
      String block = "x".repeat(1 << 16);
      for (int i = 0; i < 160; i++) { // a 10 MB line
        out.write(block);
      }
      out.write(",huge@example.com,,\n");
    }

    Result result = run("--db", db().toString(), "load-fixture", csv.toString());

    assertThat(result.code()).isEqualTo(1);
    assertThat(result.errLines())
        .containsExactly(
            "error: " + csv + " line 4 is longer than 4096 characters; nothing was loaded");
    assertThat(db()).as("the whole file is checked before a database is created").doesNotExist();
  }
}
