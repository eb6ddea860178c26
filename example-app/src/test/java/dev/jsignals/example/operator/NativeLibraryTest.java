package dev.jsignals.example.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jsignals.example.operator.CliProcess.Result;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** sqlite-jdbc's native library: extracted once per user, and a failure is one sentence. */
class NativeLibraryTest {
  @TempDir Path dir;

  @Test
  void aFileSizeLimitGivesOneSentenceAndNoDatabaseFile() throws Exception {
    Map<String, String> env = Map.of("XDG_CACHE_HOME", dir.resolve("cache").toString());
    List<String> limited = List.of("bash", "-c", "ulimit -f 200; exec \"$@\"", "bash");

    Result result =
        CliProcess.await(
            CliProcess.start(dir, env, limited, "--db", "food.db", "register", "ada", "a@b.cd"));

    assertThat(result.code()).isEqualTo(1);
    assertThat(result.err().lines())
        .singleElement()
        .asString()
        .startsWith("error: cannot extract SQLite's native library into ")
        .endsWith("ulimit -f");
    assertThat(dir.resolve("food.db")).doesNotExist();
  }

  @Test
  void parallelFirstRunsShareOneExtractionAndPrintNothingButTheirResult() throws Exception {
    Map<String, String> env = Map.of("XDG_CACHE_HOME", dir.resolve("cache").toString());
    List<Process> runs = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      runs.add(CliProcess.start(dir, env, List.of(), "--db", "db" + i + ".db", "recipe-add", "x"));
    }
    for (Process run : runs) {
      Result result = CliProcess.await(run);
      assertThat(result.code()).as(result.err()).isZero();
      assertThat(result.err()).isEmpty();
      assertThat(result.out()).isEqualTo("Added recipe x\n");
    }
  }
}
