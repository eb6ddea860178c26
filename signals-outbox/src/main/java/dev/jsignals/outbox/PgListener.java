package dev.jsignals.outbox;

import java.time.Duration;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens on PostgreSQL's outbox channel and wakes the relay when another process commits rows. One
 * thread holding one connection; reconnects after a failure.
 */
final class PgListener {
  private static final Logger log = LoggerFactory.getLogger(Outbox.class);

  private final Jdbi jdbi;
  private final Relay relay;
  private final Duration retry;
  private volatile boolean running = true;
  private volatile boolean listening;
  private final Thread thread;

  PgListener(Jdbi jdbi, Relay relay, Duration retry) {
    this.jdbi = jdbi;
    this.relay = relay;
    this.retry = retry;
    this.thread = new Thread(this::listen, "jsignals-outbox-listen");
    thread.setDaemon(true);
  }

  boolean listening() {
    return listening;
  }

  void start() {
    thread.start();
  }

  void stop() throws InterruptedException {
    running = false;
    thread.join(5_000);
  }

  private void listen() {
    while (running) {
      try (Handle handle = jdbi.open()) {
        handle.execute("LISTEN " + Dialect.CHANNEL);
        PGConnection connection = handle.getConnection().unwrap(PGConnection.class);
        listening = true;
        relay.wake();
        while (running) {
          PGNotification[] notes = connection.getNotifications(250);
          if (notes != null && notes.length > 0) {
            relay.wake();
          }
        }
      } catch (Exception e) {
        listening = false;
        if (!running) {
          return;
        }
        log.warn("Outbox LISTEN connection failed ({}); polling until it is back", e.toString());
        try {
          Thread.sleep(retry.toMillis());
        } catch (InterruptedException interrupted) {
          return;
        }
      }
    }
  }
}
