package dev.jsignals.outbox;

import dev.jsignals.core.Signals;
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
 * delivery takes.
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
    Signals signals = Signals.create();
    Jdbi jdbi = Db.jdbi(url, signals);
    try (Outbox outbox =
        Outbox.builder(jdbi, signals)
            .owner(name)
            .lease(lease)
            .batchSize(batch)
            .pollInterval(Duration.ofMillis(200))
            .build()) {
      outbox.postSave(
          Item.class,
          "items.audit",
          e -> {
            Delivery delivery = e.context().unwrap(Delivery.class).orElseThrow();
            if (work > 0) {
              Thread.sleep(work);
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
      outbox.start();
      System.out.println("ready");
      System.out.flush();
      BufferedReader in =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      while (in.readLine() != null) {
        // runs until the parent closes standard input
      }
    }
  }
}
