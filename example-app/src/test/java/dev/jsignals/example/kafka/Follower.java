package dev.jsignals.example.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code java -jar foodapp.jar follow users} as a child process, its output in a file (a stopped
 * process's pipes are closed before its last lines could be read); and other commands of the jar,
 * run to their end.
 */
final class Follower implements AutoCloseable {
  private final Process process;
  private final Path output;

  private Follower(Process process, Path output) {
    this.process = process;
    this.output = output;
  }

  static Path jar() {
    Path jar = Path.of(System.getProperty("foodapp.jar", "target/foodapp.jar"));
    assertThat(jar).as("the shaded jar, built in the package phase").exists();
    return jar;
  }

  /** Starts a follower whose output (standard output and error) goes to a file in {@code dir}. */
  static Follower start(Path dir, String servers, String group) throws IOException {
    Path output = Files.createTempFile(dir, "follower-" + group, ".out");
    Process process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                jar().toString(),
                "follow",
                "users",
                "--kafka",
                servers,
                "--group",
                group)
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
    return new Follower(process, output);
  }

  /** What a {@code foodapp.jar} child process printed, and its exit code. */
  record Exit(int code, List<String> out, List<String> err) {}

  /** Runs {@code java -jar foodapp.jar ARGS} to its end (bounded: 120 s). */
  static Exit run(Path dir, String... args) throws IOException, InterruptedException {
    Path out = Files.createTempFile(dir, "foodapp", ".out");
    Path err = Files.createTempFile(dir, "foodapp", ".err");
    List<String> command =
        new java.util.ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                jar().toString()));
    command.addAll(List.of(args));
    Process process =
        new ProcessBuilder(command)
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    try {
      assertThat(process.waitFor(120, TimeUnit.SECONDS)).as(String.join(" ", args)).isTrue();
    } finally {
      process.destroyForcibly();
    }
    return new Exit(
        process.exitValue(),
        Files.readAllLines(out, StandardCharsets.UTF_8),
        Files.readAllLines(err, StandardCharsets.UTF_8));
  }

  /** {@return the lines printed so far} */
  List<String> lines() throws IOException {
    return Files.readAllLines(output, StandardCharsets.UTF_8);
  }

  /** Waits until a printed line contains the text (60 s at most), and returns it. */
  String await(String text) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      boolean exited = !process.isAlive();
      List<String> lines = lines();
      for (String line : lines) {
        if (line.contains(text)) {
          return line;
        }
      }
      if (exited || System.nanoTime() > deadline) {
        throw new AssertionError("the follower never printed '" + text + "': " + lines);
      }
      Thread.sleep(100); // polls the file; the bound is the deadline above
    }
  }

  /** Stops it as Ctrl-C would (SIGTERM here), waits for it to exit, and returns its output. */
  List<String> stop() throws IOException, InterruptedException {
    process.destroy();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the follower stopped").isTrue();
    return lines();
  }

  @Override
  public void close() throws Exception {
    process.destroyForcibly();
    process.waitFor(60, TimeUnit.SECONDS);
  }

  static boolean noStackTrace(List<String> lines) {
    return lines.stream().noneMatch(l -> l.startsWith("\tat ") || l.contains("Exception"));
  }

  /** {@return the events it printed, without its first and last lines} */
  static List<String> events(List<String> lines) {
    return lines.stream()
        .filter(l -> !l.startsWith("following ") && !l.startsWith("stopped after "))
        .toList();
  }
}
