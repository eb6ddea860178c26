package dev.jsignals.outbox.chaos;

import dev.jsignals.core.Signals;
import dev.jsignals.outbox.Delivery;
import dev.jsignals.outbox.Outbox;
import dev.jsignals.testsupport.Meal;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A relay process of the fault-injection run. Its receiver (uid {@code items.audit}) appends to
 * this process's history a {@code begin} record when called and a {@code deliver} record as its
 * effect, and obeys the fault its event carries in the item's name ({@code n17:throw2} throws on
 * attempts 1 and 2, {@code halt1} halts the JVM on attempt 1, {@code halt99} on every attempt,
 * {@code block1} runs past the lease on attempt 1). While the target's flag file exists the target
 * is down: the receiver throws {@link ConnectException}. Prints {@code ready}, runs until its
 * standard input closes.
 *
 * <p>Arguments: database URL, relay name, history file, lease in ms, max attempts, target flag.
 */
public final class ChaosRelay {
  private ChaosRelay() {}

  /**
   * Runs the relay.
   *
   * @param args see the class comment
   * @throws Exception if the relay cannot start
   */
  public static void main(String[] args) throws Exception {
    String url = args[0];
    String name = args[1];
    long leaseMillis = Long.parseLong(args[3]);
    int maxAttempts = Integer.parseInt(args[4]);
    Path down = Path.of(args[5]);
    Signals signals = Signals.create();
    try (History history = new History(Path.of(args[2]));
        Outbox outbox =
            Outbox.builder(ChaosDb.jdbi(url, signals), signals)
                .owner(name)
                .lease(Duration.ofMillis(leaseMillis))
                .batchSize(3)
                .maxAttempts(maxAttempts)
                .backoff(Duration.ofMillis(100), Duration.ofMillis(800))
                .pollInterval(Duration.ofMillis(100))
                .keepDelivered(Duration.ofHours(1))
                .build()) {
      outbox.postSave(
          Meal.class,
          "items.audit",
          e -> {
            Delivery d = e.context().unwrap(Delivery.class).orElseThrow();
            String[] parts = e.instance().getName().split(":");
            long n = Long.parseLong(parts[0].substring(1));
            String fault = parts.length > 1 ? parts[1] : "";
            history.append(Checker.BEGIN, n, d.attempt(), d.rowId());
            if (Files.exists(down)) {
              history.append(Checker.THROW, n, d.attempt(), "target down");
              throw new ConnectException("target down (chaos run)");
            }
            if (applies(fault, "throw", d.attempt())) {
              history.append(Checker.THROW, n, d.attempt(), "receiver threw");
              throw new IllegalStateException("receiver threw on attempt " + d.attempt());
            }
            if (applies(fault, "halt", d.attempt())) {
              history.append(Checker.HALT, n, d.attempt());
              Runtime.getRuntime().halt(3);
            }
            if (applies(fault, "block", d.attempt())) {
              try {
                Thread.sleep(leaseMillis * 2);
              } catch (InterruptedException stopped) {
                history.append(Checker.THROW, n, d.attempt(), "interrupted");
                throw stopped;
              }
            }
            history.append(Checker.DELIVER, n, d.attempt(), d.rowId());
          });
      watchStalls(history, leaseMillis);
      outbox.start();
      System.out.println("ready");
      System.out.flush();
      BufferedReader in =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      while (in.readLine() != null) {
        // runs until the run closes standard input
      }
    }
  }

  /**
   * Records the intervals in which this JVM did not run for a third of the lease or more (starved
   * of CPU on a busy machine, or stopped): a lease can end in them without any fault injected.
   */
  private static void watchStalls(History history, long leaseMillis) {
    Thread watch =
        new Thread(
            () -> {
              long last = System.nanoTime();
              while (true) {
                try {
                  Thread.sleep(50);
                } catch (InterruptedException e) {
                  return;
                }
                long now = System.nanoTime();
                if (now - last > leaseMillis * 1_000_000 / 3) {
                  history.append(Checker.STALL, last, now);
                }
                last = now;
              }
            },
            "chaos-stall-watch");
    watch.setDaemon(true);
    watch.start();
  }

  /** Whether a fault like {@code throw2} applies to this attempt (attempts 1 to 2). */
  private static boolean applies(String fault, String kind, int attempt) {
    return fault.startsWith(kind) && attempt <= Integer.parseInt(fault.substring(kind.length()));
  }
}
