package dev.jsignals.benchmarks;

import org.jdbi.v3.core.Jdbi;
import org.jspecify.annotations.Nullable;

/**
 * Fills the outbox table in one statement, for backlogs too large to write through the API in a
 * benchmark's set-up: copies of one row written through the API (its receiver, model, payload and
 * times), each its own key ({@code model_key} {@code f<batch>-<n>}, {@code seq} 1), as pending,
 * pending but due only in ten years (a backlog waiting out its backoff), or delivered and kept.
 * PostgreSQL: {@code INSERT ... SELECT} over {@code generate_series}; SQLite: over a recursive CTE.
 */
final class OutboxFill {
  private OutboxFill() {}

  /** The state of the copies. */
  enum Rows {
    /** Pending and due now: a backlog. */
    PENDING,
    /** Pending, due in ten years: rows waiting out a backoff, which a claim must not read. */
    WAITING,
    /** Delivered and kept (the outbox's {@code keepDelivered}). */
    KEPT
  }

  private static int batches;

  /**
   * Inserts {@code rows} copies of the outbox row with the highest id, which must exist (write one
   * event through the API first).
   */
  static void fill(Jdbi jdbi, int rows, Rows state) {
    fill(jdbi, rows, state, null, null);
  }

  /**
   * Inserts {@code rows} copies of the newest outbox row of receiver {@code template}, for receiver
   * {@code receiver}: a template row that no relay claims stays in the table for the next fill.
   */
  static void fill(
      Jdbi jdbi, int rows, Rows state, @Nullable String template, @Nullable String receiver) {
    int batch = ++batches;
    jdbi.useHandle(
        h -> {
          boolean pg = h.getConnection().getClass().getName().startsWith("org.postgresql");
          String series = pg ? "generate_series(1, :rows) AS g(x)" : "g";
          String with =
              pg
                  ? ""
                  : "WITH RECURSIVE g(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM g"
                      + " WHERE x < :rows) ";
          String text = "CAST(g.x AS TEXT)";
          String status = state == Rows.KEPT ? "'delivered'" : "'pending'";
          String nextAt = state == Rows.WAITING ? "t.next_at + 315360000000" : "t.next_at";
          String doneAt = state == Rows.KEPT ? "t.created_at" : "NULL";
          var update =
              h.createUpdate(
                      with
                          + "INSERT INTO jsignals_outbox (event_id, receiver, signal, model, model_key,"
                          + " seq, payload, status, next_at, created_at, done_at)"
                          + " SELECT 'f' || :batch || '-' || "
                          + text
                          + (receiver == null ? ", t.receiver" : ", :receiver")
                          + ", t.signal, t.model, 'f' || :batch || '-' || "
                          + text
                          + ", 1, t.payload, "
                          + status
                          + ", "
                          + nextAt
                          + ", t.created_at, "
                          + doneAt
                          + " FROM "
                          + series
                          + ", (SELECT * FROM jsignals_outbox"
                          + (template == null ? "" : " WHERE receiver = :template")
                          + " ORDER BY id DESC LIMIT 1) t")
                  .bind("rows", rows)
                  .bind("batch", batch);
          if (template != null) {
            update.bind("template", template);
          }
          if (receiver != null) {
            update.bind("receiver", receiver);
          }
          update.execute();
        });
  }
}
