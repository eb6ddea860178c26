package dev.jsignals.example.operator;

import dev.jsignals.example.FoodApp;
import dev.jsignals.testsupport.ChildJvm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The Food App run as a real process in a folder, with what it printed. */
final class CliProcess {
  private CliProcess() {}

  /** What a run returned and printed. */
  record Result(int code, String out, String err) {
    String all() {
      return out + err;
    }
  }

  /** Starts {@code foodapp ARGS} in {@code dir}, its output and error going to files there. */
  static Process start(Path dir, Map<String, String> env, List<String> shell, String... args) {
    List<String> command = new ArrayList<>(shell);
    command.addAll(ChildJvm.command(FoodApp.class, args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
    builder.environment().putAll(env);
    try {
      Path out = Files.createTempFile(dir, "out", ".txt");
      Path err = Files.createTempFile(dir, "err", ".txt");
      Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      OUTPUTS.put(process, List.of(out, err));
      return process;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static final Map<Process, List<Path>> OUTPUTS =
      new java.util.concurrent.ConcurrentHashMap<>();

  /** Waits (minutes at most) for a started run, and removes its output files. */
  static Result await(Process process) throws Exception {
    if (!process.waitFor(5, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError("the command did not end within 5 minutes");
    }
    List<Path> files = OUTPUTS.remove(process);
    String out = Files.readString(files.get(0), StandardCharsets.UTF_8);
    String err = Files.readString(files.get(1), StandardCharsets.UTF_8);
    Files.delete(files.get(0));
    Files.delete(files.get(1));
    return new Result(process.exitValue(), out, err);
  }

  /** Runs {@code foodapp ARGS} in {@code dir} to its end. */
  static Result run(Path dir, String... args) throws Exception {
    return await(start(dir, Map.of(), List.of(), args));
  }

  /** Runs {@code foodapp ARGS} in {@code dir} with extra environment variables. */
  static Result run(Path dir, Map<String, String> env, String... args) throws Exception {
    return await(start(dir, env, List.of(), args));
  }
}
