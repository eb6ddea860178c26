package dev.jsignals.outbox.chaos;

import dev.jsignals.outbox.SkewedClock;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The relay processes of a run, one per slot: a slot whose process died (killed, or halted by its
 * receiver) gets a new one, named {@code r<slot>.<generation>}, with a history of its own. A slot's
 * clock skew, if any, is applied with libfaketime. Even slots deliver through a batch target, odd
 * ones call the receiver row by row: both kinds claim the same receiver's rows at once. Faults
 * (kill, stop, continue) are recorded in the run's fault history before they are acknowledged. Not
 * thread-safe: the run's thread drives it.
 */
final class RelayFleet implements AutoCloseable {
  private final Path dir;
  private final String url;
  private final long leaseMillis;
  private final int maxAttempts;
  private final Path down;
  private final List<Integer> skews;
  private final History faults;
  private final Process[] processes;
  private final String[] names;
  private final int[] generations;
  private final long[] resumeAt;
  private final List<Process> all = new ArrayList<>();
  final Map<String, Integer> injected = new HashMap<>();

  RelayFleet(
      Path dir,
      String url,
      long leaseMillis,
      int maxAttempts,
      List<Integer> skews,
      History faults) {
    this.dir = dir;
    this.url = url;
    this.leaseMillis = leaseMillis;
    this.maxAttempts = maxAttempts;
    this.down = dir.resolve("target-down");
    this.skews = skews;
    this.faults = faults;
    this.processes = new Process[skews.size()];
    this.names = new String[skews.size()];
    this.generations = new int[skews.size()];
    this.resumeAt = new long[skews.size()];
  }

  Path targetFlag() {
    return down;
  }

  void startAll() throws IOException {
    for (int slot = 0; slot < processes.length; slot++) {
      start(slot);
    }
  }

  private void start(int slot) throws IOException {
    String name = "r" + slot + "." + generations[slot]++;
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(
        List.of(
            "-Xmx96m",
            "-XX:TieredStopAtLevel=1",
            "-Dorg.slf4j.simpleLogger.defaultLogLevel=error",
            "-cp",
            System.getProperty("java.class.path"),
            ChaosRelay.class.getName(),
            url,
            name,
            dir.resolve("relay-" + name + ".log").toString(),
            String.valueOf(leaseMillis),
            String.valueOf(maxAttempts),
            down.toString(),
            slot % 2 == 0 ? "batch" : "row"));
    ProcessBuilder builder = new ProcessBuilder(command);
    int skew = skews.get(slot);
    if (skew != 0) {
      builder
          .environment()
          .putAll(
              SkewedClock.env((skew > 0 ? "+" : "") + skew + "s")
                  .orElseThrow(
                      () ->
                          new IllegalStateException(
                              "libfaketime is missing (apt-get install faketime), or run without"
                                  + " the SKEW fault")));
    }
    builder.redirectError(dir.resolve("relay-" + name + ".err").toFile());
    builder.redirectOutput(dir.resolve("relay-" + name + ".out").toFile());
    // Not waited for: a JVM takes seconds to start on a busy machine, and the run goes on meanwhile
    // (its waits follow deliveries, which come once a relay is up).
    Process process = builder.start();
    all.add(process);
    processes[slot] = process;
    names[slot] = name;
    faults.append("started", name, skew);
  }

  /**
   * Waits until every relay printed {@code ready} (a JVM takes long to start on a busy machine),
   * restarting those that died; false if the deadline came first.
   */
  boolean awaitReady(long deadline) throws Exception {
    while (deadline - System.nanoTime() > 0) {
      supervise();
      boolean ready = true;
      for (String name : names) {
        Path out = dir.resolve("relay-" + name + ".out");
        ready &= Files.exists(out) && Files.readString(out).contains("ready");
      }
      if (ready) {
        return true;
      }
      Thread.sleep(50);
    }
    return false;
  }

  /** Restarts the relays that died, and resumes the paused ones whose pause is over. */
  void supervise() throws IOException {
    long now = System.nanoTime();
    for (int slot = 0; slot < processes.length; slot++) {
      Process process = processes[slot];
      if (!process.isAlive()) {
        faults.append(Checker.EXIT, names[slot], process.exitValue());
        count("relay exited (receiver halted it)");
        start(slot);
      } else if (resumeAt[slot] != 0 && now - resumeAt[slot] >= 0) {
        signal(slot, "CONT");
        resumeAt[slot] = 0;
      }
    }
  }

  void kill(int slot) throws Exception {
    faults.append(Checker.KILL, names[slot]);
    processes[slot].destroyForcibly();
    if (!processes[slot].waitFor(60, TimeUnit.SECONDS)) {
      throw new IllegalStateException("a killed relay did not exit");
    }
    count("SIGKILL");
    resumeAt[slot] = 0;
    start(slot);
  }

  void pause(int slot, long millis) throws Exception {
    if (resumeAt[slot] != 0) {
      return;
    }
    faults.append(Checker.STOP, names[slot]);
    signal(slot, "STOP");
    count("SIGSTOP");
    resumeAt[slot] = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
  }

  void resumeAll() throws IOException {
    for (int slot = 0; slot < processes.length; slot++) {
      if (resumeAt[slot] != 0) {
        signal(slot, "CONT");
        resumeAt[slot] = 0;
      }
    }
  }

  private void signal(int slot, String signal) throws IOException {
    if (signal.equals("CONT")) {
      faults.append(Checker.CONT, names[slot]);
    }
    try {
      Process kill =
          new ProcessBuilder("kill", "-" + signal, String.valueOf(processes[slot].pid())).start();
      if (!kill.waitFor(60, TimeUnit.SECONDS)) {
        throw new IllegalStateException("kill -" + signal + " did not end");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  void count(String fault) {
    injected.merge(fault, 1, Integer::sum);
  }

  /** The history files of every relay process, by process name. */
  Map<String, Path> histories() throws IOException {
    Map<String, Path> files = new HashMap<>();
    try (DirectoryStream<Path> logs = Files.newDirectoryStream(dir, "relay-*.log")) {
      for (Path log : logs) {
        String file = log.getFileName().toString();
        files.put(file.substring("relay-".length(), file.length() - ".log".length()), log);
      }
    }
    return files;
  }

  @Override
  public void close() throws Exception {
    resumeAll();
    for (Process process : all) {
      closeQuietly(process);
    }
    for (Process process : all) {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(60, TimeUnit.SECONDS);
      }
    }
  }

  private static void closeQuietly(@Nullable Process process) {
    try {
      if (process != null && process.isAlive()) {
        process.getOutputStream().close();
      }
    } catch (IOException e) {
      // the process is gone already
    }
  }
}
