package dev.jsignals.example.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jsignals.example.FoodApp;
import dev.jsignals.testsupport.ChildJvm;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code foodapp} as an operator does: a process of its own (a child JVM on this build's class
 * path), in a given working folder, its output in files (a process that blocks on a full pipe would
 * look like one that hangs). Each run is bounded: it fails the test after five minutes.
 */
final class Foodapp {
  private Foodapp() {}

  /** What a run printed, and its exit code. */
  record Run(int code, String out, String err) {
    List<String> errLines() {
      return err.lines().toList();
    }
  }

  /** Runs {@code foodapp ARGS} in {@code workDir}, with extra environment variables. */
  static Run run(Path workDir, Map<String, String> env, String... args) {
    List<String> command = ChildJvm.java("-XX:TieredStopAtLevel=1", "-XX:-UsePerfData");
    command.add(FoodApp.class.getName());
    command.addAll(List.of(args));
    String name = UUID.randomUUID().toString();
    Path logs = Path.of(System.getProperty("java.io.tmpdir"));
    Path out = logs.resolve("foodapp-" + name + ".out");
    Path err = logs.resolve("foodapp-" + name + ".err");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(workDir.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
            .redirectOutput(out.toFile())
            .redirectError(err.toFile());
    builder.environment().remove("FOODAPP_SMTP");
    builder.environment().remove("FOODAPP_KAFKA");
    builder.environment().putAll(env);
    try {
      Process process = builder.start();
      try {
        assertThat(process.waitFor(5, TimeUnit.MINUTES))
            .as("foodapp %s ended within five minutes", String.join(" ", args))
            .isTrue();
      } finally {
        process.destroyForcibly();
        process.waitFor(1, TimeUnit.MINUTES);
      }
      return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
    } catch (IOException e) {
      throw new IllegalStateException("cannot run foodapp", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } finally {
      try {
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
      } catch (IOException e) {
        // a temporary file left behind
      }
    }
  }

  /** Runs {@code foodapp ARGS} in {@code workDir}. */
  static Run run(Path workDir, String... args) {
    return run(workDir, Map.of(), args);
  }

  /**
   * Runs {@code foodapp ARGS} in this JVM, for set-up and for the variants of a case whose first
   * run was a process of its own: it is many times cheaper than a JVM start on a busy machine.
   */
  static Run inJvm(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = FoodApp.run(args, new PrintWriter(out), new PrintWriter(err));
    return new Run(code, out.toString(), err.toString());
  }

  /** {@code --db FILE} or {@code --db-url URL}, then the arguments. */
  static String[] with(List<String> location, String... args) {
    List<String> all = new ArrayList<>(location);
    all.addAll(List.of(args));
    return all.toArray(String[]::new);
  }
}
