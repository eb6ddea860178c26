package dev.jsignals.example.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jsignals.example.operator.CliProcess.Result;
import dev.jsignals.example.reliability.HoldLock;
import dev.jsignals.testsupport.ChildJvm;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two demos in one folder never share their mail: the second is refused while the first runs. */
class ConcurrentDemoTest {
  @TempDir Path dir;

  @Test
  void aSecondDemoInTheSameFolderIsRefusedWhileTheFirstRuns() throws Exception {
    assertThat(CliProcess.run(dir, "recipe-add", "soup").code()).isZero();
    // Another process holds the database's write lock: both demos are inside their run at once.
    Process holder =
        new ProcessBuilder(
                ChildJvm.command(HoldLock.class, dir.resolve("foodapp.db").toString(), "300000"))
            .redirectErrorStream(true)
            .start();
    Process first;
    Process second;
    try {
      BufferedReader output =
          new BufferedReader(
              new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
      assertThat(output.readLine()).isEqualTo("locked");
      first = CliProcess.start(dir, Map.of(), List.of(), "demo");
      second = CliProcess.start(dir, Map.of(), List.of(), "demo");
      // Observed: one of them ends, refused, while the other waits for the database.
      Process refused = null;
      for (int i = 0; i < 3_000 && refused == null; i++) {
        if (first.waitFor(100, TimeUnit.MILLISECONDS)) {
          refused = first;
        } else if (!second.isAlive()) {
          refused = second;
        }
      }
      assertThat(refused).as("one demo ended while the database was locked").isNotNull();
      Result result = CliProcess.await(refused);
      assertThat(result.code()).isEqualTo(1);
      assertThat(result.err().lines())
          .singleElement()
          .asString()
          .startsWith("error: a demo is already running here");
      Process running = refused == first ? second : first;
      assertThat(running.isAlive()).as("the other demo waits for the lock").isTrue();
      first = running;
    } finally {
      holder.destroyForcibly();
      assertThat(holder.waitFor(60, TimeUnit.SECONDS)).isTrue();
    }
    Result survivor = CliProcess.await(first);
    assertThat(survivor.code()).as(survivor.err()).isZero();
    assertThat(survivor.out().lines())
        .contains("Welcome mail received over SMTP: Welcome to the Food App");
    assertThat(survivor.err()).isEmpty();
  }
}
