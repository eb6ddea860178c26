package dev.jsignals.outbox;

import dev.jsignals.testsupport.ChildJvm;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Starts {@link RelayChild} processes and stops them: gently, or with SIGKILL. */
final class Relays implements AutoCloseable {
  private final List<Process> processes = new ArrayList<>();
  private final Path dir;

  Relays(Path dir) {
    this.dir = dir;
  }

  /** Starts a relay process and waits until it printed {@code ready}. */
  Process start(String url, String name, long leaseMillis, int batch, long workMillis)
      throws IOException {
    return start(Map.of(), url, name, leaseMillis, batch, workMillis);
  }

  /**
   * Starts a relay process with extra environment variables and {@link RelayChild}'s optional
   * arguments, and waits until it printed {@code ready}.
   */
  Process start(Map<String, String> env, String url, String name, Object... args)
      throws IOException {
    List<String> command = ChildJvm.java("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
    command.add(RelayChild.class.getName());
    command.add(url);
    command.add(name);
    for (Object arg : args) {
      command.add(String.valueOf(arg));
    }
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().putAll(env);
    builder.redirectError(dir.resolve(name + ".err").toFile());
    Process process = builder.start();
    processes.add(process);
    BufferedReader out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    String line = out.readLine();
    if (!"ready".equals(line)) {
      throw new IllegalStateException("relay " + name + " did not start: " + line);
    }
    return process;
  }

  /**
   * The environment that runs a child JVM with its wall clock shifted by {@code offset} (such as
   * {@code +60s}) through libfaketime, or empty when libfaketime is not installed: {@link
   * SkewedClock}.
   */
  static Optional<Map<String, String>> skewedClock(String offset) throws IOException {
    return SkewedClock.env(offset);
  }

  /** SIGKILL: the process gets no chance to finish anything. */
  static void kill(Process process) throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      throw new IllegalStateException("a killed relay did not exit");
    }
  }

  /** Sends a POSIX signal ({@code STOP}, {@code CONT}) to a relay process. */
  static void signal(Process process, String name) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid())).start();
    if (!kill.waitFor(60, TimeUnit.SECONDS) || kill.exitValue() != 0) {
      throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
    }
  }

  @Override
  public void close() throws Exception {
    for (Process process : processes) {
      process.getOutputStream().close();
    }
    for (Process process : processes) {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }
}
