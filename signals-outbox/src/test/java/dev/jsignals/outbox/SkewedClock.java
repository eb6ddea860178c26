package dev.jsignals.outbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * A child JVM whose wall clock is shifted, through libfaketime, while its monotonic clock and its
 * timed waits stay true. libfaketime 0.9.10 turns on its "monotonic fix" by itself on this glibc;
 * together with {@code FAKETIME_DONT_FAKE_MONOTONIC=1} that fix compares the deadline of a
 * monotonic condition wait with the shifted wall clock, so every timed wait of the JVM ({@code
 * Object.wait}, {@code LockSupport.parkNanos}, every pool and scheduler) returns at once, and the
 * JVM spins on them all: {@code FAKETIME_FORCE_MONOTONIC_FIX=0} turns it off. Stateless.
 *
 * <p>As a program: prints the wall clock, the monotonic clock, and how long a 300 ms {@code
 * Object.wait} and {@code parkNanos} lasted (ms), tab-separated.
 */
public final class SkewedClock {
  private SkewedClock() {}

  /**
   * The environment that runs a child JVM with its wall clock shifted by {@code offset} (such as
   * {@code +60s}), or empty when libfaketime is not installed.
   *
   * @param offset libfaketime's {@code FAKETIME}
   * @return the environment variables to add
   * @throws IOException if {@code /usr/lib} cannot be read
   */
  public static Optional<Map<String, String>> env(String offset) throws IOException {
    Path lib = Path.of("/usr/lib");
    if (!Files.isDirectory(lib)) {
      return Optional.empty();
    }
    try (Stream<Path> found = Files.walk(lib, 3)) {
      return found
          .filter(p -> p.getFileName().toString().equals("libfaketime.so.1"))
          .findFirst()
          .map(
              so ->
                  Map.of(
                      "LD_PRELOAD",
                      so.toString(),
                      "FAKETIME",
                      offset,
                      "FAKETIME_DONT_FAKE_MONOTONIC",
                      "1",
                      "FAKETIME_FORCE_MONOTONIC_FIX",
                      "0",
                      "FAKETIME_DONT_RESET",
                      "1"));
    }
  }

  /**
   * Prints what the class comment says.
   *
   * @param args none
   * @throws InterruptedException if interrupted
   */
  public static void main(String[] args) throws InterruptedException {
    long wall = System.currentTimeMillis();
    long monotonic = System.nanoTime();
    Object monitor = new Object();
    long start = System.nanoTime();
    synchronized (monitor) {
      monitor.wait(300);
    }
    long waited = (System.nanoTime() - start) / 1_000_000;
    start = System.nanoTime();
    LockSupport.parkNanos(300_000_000L);
    long parked = (System.nanoTime() - start) / 1_000_000;
    System.out.println(wall + "\t" + monotonic + "\t" + waited + "\t" + parked);
  }
}
