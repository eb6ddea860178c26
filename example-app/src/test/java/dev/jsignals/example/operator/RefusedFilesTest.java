package dev.jsignals.example.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jsignals.example.operator.CliProcess.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files made through a link are owner-only; refusing a file changes nothing, siblings included. */
class RefusedFilesTest {
  @TempDir Path dir;

  private Set<String> names() throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(f -> f.getFileName().toString()).collect(Collectors.toSet());
    }
  }

  @Test
  void databaseCreatedThroughASymbolicLinkIsOwnerOnly() throws Exception {
    Files.createSymbolicLink(dir.resolve("link.db"), Path.of("target.db"));

    Result result = CliProcess.run(dir, "--db", "link.db", "recipe-add", "soup");

    assertThat(result.code()).as(result.err()).isZero();
    assertThat(
            PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("target.db"))))
        .isEqualTo("rw-------");
  }

  @Test
  void refusingATruncatedWalDatabaseLeavesNoNewFileBesideIt() throws Exception {
    assertThat(CliProcess.run(dir, "--db", "food.db", "recipe-add", "soup").code()).isZero();
    byte[] whole = Files.readAllBytes(dir.resolve("food.db"));
    Path truncated = Files.write(dir.resolve("truncated.db"), Arrays.copyOf(whole, 3000));
    Set<String> before = names();

    for (String[] command :
        new String[][] {{"users"}, {"recipe-add", "cake"}, {"outbox", "status"}}) {
      String[] args = new String[command.length + 2];
      args[0] = "--db";
      args[1] = "truncated.db";
      System.arraycopy(command, 0, args, 2, command.length);
      Result result = CliProcess.run(dir, args);
      assertThat(result.code()).as(command[0]).isEqualTo(1);
      assertThat(result.err().lines()).as(command[0]).hasSize(1);
      assertThat(names()).as(command[0]).isEqualTo(before);
    }
    assertThat(Files.readAllBytes(truncated)).isEqualTo(Arrays.copyOf(whole, 3000));
  }
}
