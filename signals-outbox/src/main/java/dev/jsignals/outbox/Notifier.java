package dev.jsignals.outbox;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wakes other processes' relays on PostgreSQL after durable writes commit: a {@code NOTIFY} on the
 * outbox channel, sent by a thread of its own in a statement of its own, at most one every {@value
 * #GAP_MILLIS} ms: writes that commit meanwhile are folded into the next, so a burst of writes
 * costs one notification per interval whatever the number of writers.
 *
 * <p>Not in the write's own transaction: PostgreSQL queues a transaction's notifications at commit
 * under one lock for the whole server, held until the commit is flushed, so writers that notify in
 * their transactions commit one at a time. The thread keeps its connection while writes come and
 * gives it back after a second without any. A notification that fails is logged once (until one
 * succeeds again); relays still find the rows at their poll. Thread-safe.
 */
final class Notifier {
  private static final Logger log = LoggerFactory.getLogger(Outbox.class);
  private static final int TIMEOUT_SECONDS = 10;

  /**
   * One statement, its own transaction: a notification takes a transaction id, so its commit would
   * wait for the WAL to reach the disk, beside the writers' commits; a notification lost in a crash
   * is lost with the listeners' connections anyway, so its commit does not wait ({@code
   * synchronous_commit} off for this transaction only).
   */
  private static final String NOTIFY =
      "SELECT set_config('synchronous_commit', 'off', true), pg_notify('"
          + Dialect.CHANNEL
          + "', '')";

  /** The least time between two notifications: how much later other processes may wake. */
  private static final long GAP_MILLIS = 5;

  /** How long the connection is kept after a notification, for the next one. */
  private static final long IDLE_NANOS = 1_000_000_000L;

  private final Jdbi jdbi;
  private final String name;
  private boolean due;
  private boolean closed;
  private boolean failing;
  private @Nullable Thread thread;

  Notifier(Jdbi jdbi, String owner) {
    this.jdbi = jdbi;
    this.name = "jsignals-outbox-notify-" + owner;
  }

  /** Asks for a notification soon; called by writers after their commit. Does not block. */
  synchronized void poke() {
    if (closed) {
      return;
    }
    due = true;
    if (thread == null) {
      Thread started = new Thread(this::run, name);
      started.setDaemon(true);
      thread = started;
      started.start();
    } else {
      notifyAll();
    }
  }

  /** Sends the notification still due, if any, and stops the thread. */
  void close() throws InterruptedException {
    Thread running;
    synchronized (this) {
      closed = true;
      notifyAll();
      running = thread;
    }
    if (running != null) {
      running.join(TIMEOUT_SECONDS * 1000L);
    }
  }

  private void run() {
    Handle handle = null;
    try {
      while (true) {
        synchronized (this) {
          long idleUntil = System.nanoTime() + IDLE_NANOS;
          while (!due && !closed) {
            long left = idleUntil - System.nanoTime();
            if (handle != null && left <= 0) {
              // Idle: the connection goes back (to the pool) until writes come again.
              handle = quietlyClose(handle);
            }
            if (handle == null) {
              wait();
            } else {
              wait(Math.max(1, left / 1_000_000));
            }
          }
          if (!due) {
            return;
          }
          due = false;
        }
        handle = send(handle);
        // Commits of the next few milliseconds share the next notification: under many writers a
        // notification per commit would take a good part of the database's and this JVM's CPU.
        Thread.sleep(GAP_MILLIS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      if (handle != null) {
        quietlyClose(handle);
      }
    }
  }

  /** Sends one notification; returns the connection to send the next one on, or null. */
  private @Nullable Handle send(@Nullable Handle held) {
    Handle handle = held;
    try {
      if (handle == null) {
        handle = jdbi.open();
      }
      handle.createQuery(NOTIFY).setQueryTimeout(TIMEOUT_SECONDS).mapTo(String.class).one();
      failing = false;
      return handle;
    } catch (RuntimeException e) {
      if (handle != null) {
        quietlyClose(handle);
      }
      if (!failing) {
        failing = true;
        log.warn(
            "Outbox NOTIFY failed ({}); other instances' relays find new rows at their poll",
            e.toString());
      }
      return null;
    }
  }

  private static @Nullable Handle quietlyClose(Handle handle) {
    try {
      handle.close();
    } catch (RuntimeException ignored) {
      // A broken connection: nothing to give back.
    }
    return null;
  }
}
