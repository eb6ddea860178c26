package dev.jsignals.outbox;

import dev.jsignals.core.Signals;
import dev.jsignals.testsupport.Meal;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.jdbi.v3.core.Jdbi;

/**
 * A relay process for the multi-process suites: delivers {@code items.audit} rows by inserting one
 * {@code deliveries} row each (in a transaction of its own), prints {@code ready}, and runs until
 * its standard input closes or it is killed.
 *
 * <p>Arguments: database URL, relay name, lease in milliseconds, batch size, milliseconds each
 * delivery takes; optionally what the receiver then does ({@code record}, the default; {@code
 * throw}: fails; {@code halt}: halts the JVM, as a receiver that crashes its process), the outbox's
 * {@code maxAttempts}, its first backoff in milliseconds and its delivery timeout in milliseconds
 * (by default the lease).
 */
public final class RelayChild {
  private RelayChild() {}

  /**
   * Runs the relay.
   *
   * @param args see the class comment
   * @throws Exception if the relay cannot start
   */
  public static void main(String[] args) throws Exception {
    String url = args[0];
    String name = args[1];
    Duration lease = Duration.ofMillis(Long.parseLong(args[2]));
    int batch = Integer.parseInt(args[3]);
    long work = Long.parseLong(args[4]);
    String mode = args.length > 5 ? args[5] : "record";
    int maxAttempts = args.length > 6 ? Integer.parseInt(args[6]) : 15;
    Duration backoff = Duration.ofMillis(args.length > 7 ? Long.parseLong(args[7]) : 1_000);
    Duration deliveryTimeout = args.length > 8 ? Duration.ofMillis(Long.parseLong(args[8])) : lease;
    Signals signals = Signals.create();
    Jdbi jdbi = Db.jdbi(url, signals);
    try (Outbox outbox =
        Outbox.builder(jdbi, signals)
            .owner(name)
            .lease(lease)
            .deliveryTimeout(deliveryTimeout)
            .batchSize(batch)
            .maxAttempts(maxAttempts)
            .backoff(backoff, backoff.multipliedBy(8))
            .pollInterval(Duration.ofMillis(200))
            .build()) {
      outbox.postSave(
          Meal.class,
          "items.audit",
          e -> {
            Delivery delivery = e.context().unwrap(Delivery.class).orElseThrow();
            if (work > 0) {
              Thread.sleep(work);
            }
            if (mode.equals("halt")) {
              Runtime.getRuntime().halt(3);
            }
            if (mode.equals("throw")) {
              throw new IllegalStateException("the receiver of " + name + " failed");
            }
            jdbi.useHandle(
                h ->
                    h.createUpdate(
                            "INSERT INTO deliveries (event_id, item_key, version, relay)"
                                + " VALUES (?, ?, ?, ?)")
                        .bind(0, delivery.eventId())
                        .bind(1, String.valueOf(e.instance().getId()))
                        .bind(2, e.instance().getVersion())
                        .bind(3, name)
                        .execute());
          });
      // Ready before the relay runs: a receiver that halts the JVM may run at once.
      System.out.println("ready");
      System.out.flush();
      outbox.start();
      BufferedReader in =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      while (in.readLine() != null) {
        // runs until the parent closes standard input
      }
    }
  }
}
