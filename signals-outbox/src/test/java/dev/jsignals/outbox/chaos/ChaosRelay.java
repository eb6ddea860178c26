package dev.jsignals.outbox.chaos;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jsignals.core.Signals;
import dev.jsignals.outbox.BatchDeliveryTarget;
import dev.jsignals.outbox.Delivery;
import dev.jsignals.outbox.Outbox;
import dev.jsignals.outbox.OutboxRow;
import dev.jsignals.testsupport.Meal;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A relay process of the fault-injection run. Its receiver (uid {@code items.audit}) appends to
 * this process's history a {@code begin} record when called and a {@code deliver} record as its
 * effect, and obeys the fault its event carries in the item's name ({@code n17:throw2} throws on
 * attempts 1 and 2, {@code halt1} halts the JVM on attempt 1, {@code halt99} on every attempt,
 * {@code block1} runs past the lease on attempt 1). While the target's flag file exists the target
 * is down: the receiver throws {@link ConnectException}. Prints {@code ready}, runs until its
 * standard input closes.
 *
 * <p>With {@code batch} as the last argument the relay delivers through a {@link
 * BatchDeliveryTarget} under the same uid instead: it claims a key's next rows together and takes
 * many rows in one call, each with the same faults and records.
 *
 * <p>Arguments: database URL, relay name, history file, lease in ms, max attempts, target flag, and
 * {@code batch} or {@code row}.
 */
public final class ChaosRelay {
  private static final ObjectMapper JSON = new ObjectMapper();

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
    boolean batch = args.length > 6 && args[6].equals("batch");
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
                // On PostgreSQL, a vacuum of the table whenever a relay runs dry after delivering:
                // the faults (a relay stopped or killed while it vacuums) meet it.
                .vacuumEvery(1)
                .build()) {
      if (batch) {
        outbox.route(
            signals.postSave().signal(),
            Meal.class,
            "items.audit",
            new BatchDeliveryTarget() {
              @Override
              public List<@Nullable Exception> deliverBatch(List<OutboxRow> rows) throws Exception {
                return ChaosRelay.deliverBatch(rows, history, down, leaseMillis);
              }

              @Override
              public void deliver(OutboxRow row) throws Exception {
                Exception failed = deliverBatch(List.of(row)).get(0);
                if (failed != null) {
                  throw failed;
                }
              }
            });
      } else {
        outbox.postSave(
            Meal.class,
            "items.audit",
            e -> {
              Delivery d = e.context().unwrap(Delivery.class).orElseThrow();
              Exception failed =
                  receive(
                      e.instance().getName(), d.attempt(), d.rowId(), history, down, leaseMillis);
              if (failed != null) {
                throw failed;
              }
            });
      }
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
   * The receiver's effect for one event: records {@code begin}, obeys the event's fault, records
   * {@code deliver}; returns the failure to report instead of throwing it, so that a batch can
   * answer for each row.
   */
  private static @Nullable Exception receive(
      String name, int attempt, long rowId, History history, Path down, long leaseMillis)
      throws InterruptedException {
    String[] parts = name.split(":");
    long n = Long.parseLong(parts[0].substring(1));
    String fault = parts.length > 1 ? parts[1] : "";
    history.append(Checker.BEGIN, n, attempt, rowId);
    if (Files.exists(down)) {
      history.append(Checker.THROW, n, attempt, "target down");
      return new ConnectException("target down (chaos run)");
    }
    if (applies(fault, "throw", attempt)) {
      history.append(Checker.THROW, n, attempt, "receiver threw");
      return new IllegalStateException("receiver threw on attempt " + attempt);
    }
    if (applies(fault, "halt", attempt)) {
      history.append(Checker.HALT, n, attempt);
      Runtime.getRuntime().halt(3);
    }
    if (applies(fault, "block", attempt)) {
      try {
        Thread.sleep(leaseMillis * 2);
      } catch (InterruptedException stopped) {
        history.append(Checker.THROW, n, attempt, "interrupted");
        throw stopped;
      }
    }
    history.append(Checker.DELIVER, n, attempt, rowId);
    return null;
  }

  /**
   * The batch target of a batch relay: takes each row as the receiver takes its event; after a
   * key's failed row, leaves that key's later rows untried, as {@link BatchDeliveryTarget} asks.
   */
  private static List<@Nullable Exception> deliverBatch(
      List<OutboxRow> rows, History history, Path down, long leaseMillis) throws Exception {
    List<@Nullable Exception> answers = new ArrayList<>();
    Set<String> stopped = new HashSet<>();
    List<OutboxRow> delivered = new ArrayList<>();
    try {
      for (OutboxRow row : rows) {
        if (stopped.contains(row.key())) {
          answers.add(new IllegalStateException("an earlier row of the key failed"));
          continue;
        }
        Exception failed = receive(name(row), row.attempts(), row.id(), history, down, leaseMillis);
        if (failed != null) {
          stopped.add(row.key());
        } else {
          delivered.add(row);
        }
        answers.add(failed);
      }
    } catch (InterruptedException callFailed) {
      // The relay learns nothing of this call: the rows delivered in it will be handed over again.
      for (OutboxRow row : delivered) {
        history.append(Checker.RECALL, number(row), row.attempts(), row.id());
      }
      throw callFailed;
    }
    return answers;
  }

  private static String name(OutboxRow row) throws IOException {
    return JSON.readTree(row.payload()).get("instance").get("name").asText();
  }

  private static long number(OutboxRow row) throws IOException {
    return Long.parseLong(name(row).split(":")[0].substring(1));
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
