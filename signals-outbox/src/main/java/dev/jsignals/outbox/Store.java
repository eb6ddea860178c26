package dev.jsignals.outbox;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;
import org.jspecify.annotations.Nullable;

/** Every statement on the outbox tables. Thread-safe: each call uses a handle of its own. */
final class Store {
  private static final int ERROR_LIMIT = 2000;
  private static final RowMapper<OutboxRow> ROWS = Store::map;

  private final Jdbi jdbi;
  private final Dialect dialect;

  Store(Jdbi jdbi) {
    this.jdbi = jdbi;
    this.dialect = jdbi.withHandle(Dialect::of);
  }

  Dialect dialect() {
    return dialect;
  }

  Jdbi jdbi() {
    return jdbi;
  }

  /**
   * Creates the tables when missing. Looks first with a read, so that opening an outbox on an
   * existing database takes no write lock (SQLite writers would queue behind it).
   */
  void createSchema() {
    boolean present;
    try {
      present =
          jdbi.withHandle(
              h ->
                  h.createQuery("SELECT COUNT(*) FROM " + Dialect.KEYS + " WHERE 1 = 0")
                          .mapTo(Long.class)
                          .one()
                      == 0);
    } catch (RuntimeException missing) {
      present = false;
    }
    if (!present) {
      jdbi.useHandle(h -> dialect.schema().forEach(h::execute));
    }
  }

  /** Writes one row on the write's own handle, so it commits or rolls back with the write. */
  void insert(Handle handle, String receiver, String signal, String model, String key, String json)
      throws SQLException {
    handle
        .createUpdate(dialect.insert())
        .bind("eventId", UUID.randomUUID().toString())
        .bind("receiver", receiver)
        .bind("signal", signal)
        .bind("model", model)
        .bind("key", key)
        .bind("payload", json)
        .bind("now", System.currentTimeMillis())
        .execute();
  }

  List<OutboxRow> claim(Handle h, String owner, Set<String> receivers, int limit, Duration lease) {
    if (receivers.isEmpty()) {
      return List.of();
    }
    long now = System.currentTimeMillis();
    List<OutboxRow> rows =
        h.createQuery(dialect.claim())
            .bind("now", now)
            .bind("until", now + lease.toMillis())
            .bind("owner", owner)
            .bind("limit", limit)
            .bindList("receivers", new ArrayList<>(receivers))
            .map(ROWS)
            .list();
    List<OutboxRow> sorted = new ArrayList<>(rows);
    sorted.sort(Comparator.comparingLong(OutboxRow::id));
    return sorted;
  }

  /** Completes a delivered row; false if the claim was lost (its fence moved on). */
  boolean complete(Handle h, OutboxRow row, Duration keep) {
    String sql =
        keep.isZero()
            ? "DELETE FROM " + Dialect.TABLE + " WHERE id = :id AND fence = :fence"
            : "UPDATE "
                + Dialect.TABLE
                + " SET status = 'delivered', done_at = :now, lease_owner = NULL,"
                + " lease_until = NULL WHERE id = :id AND fence = :fence";
    return h.createUpdate(sql)
            .bind("id", row.id())
            .bind("fence", row.fence())
            .bind("now", System.currentTimeMillis())
            .execute()
        == 1;
  }

  /** Extends the lease of a claimed row; false if the claim was lost (its fence moved on). */
  boolean renew(Handle h, OutboxRow row, long until) {
    return h.createUpdate(
                "UPDATE "
                    + Dialect.TABLE
                    + " SET lease_until = :until WHERE id = :id AND fence = :fence"
                    + " AND status = 'pending'")
            .bind("until", until)
            .bind("id", row.id())
            .bind("fence", row.fence())
            .execute()
        == 1;
  }

  /** Records a failure: back to pending at {@code nextAt}, or dead after the last attempt. */
  boolean fail(Handle h, OutboxRow row, String error, long nextAt, int maxAttempts) {
    String text = error.length() > ERROR_LIMIT ? error.substring(0, ERROR_LIMIT) : error;
    return h.createUpdate(
                "UPDATE "
                    + Dialect.TABLE
                    + " SET status = CASE WHEN attempts >= :max THEN 'dead' ELSE"
                    + " 'pending' END, next_at = :next, lease_owner = NULL,"
                    + " lease_until = NULL, last_error = :error"
                    + " WHERE id = :id AND fence = :fence")
            .bind("max", maxAttempts)
            .bind("next", nextAt)
            .bind("error", text)
            .bind("id", row.id())
            .bind("fence", row.fence())
            .execute()
        == 1;
  }

  int retry(@Nullable Long id) {
    return jdbi.withHandle(
        h ->
            h.createUpdate(
                    "UPDATE "
                        + Dialect.TABLE
                        + " SET status = 'pending', attempts = 0, next_at = :now"
                        + " WHERE status = 'dead'"
                        + (id == null ? "" : " AND id = :id"))
                .bind("now", System.currentTimeMillis())
                .bind("id", id)
                .execute());
  }

  int skip(long id) {
    long now = System.currentTimeMillis();
    return jdbi.withHandle(
        h ->
            h.createUpdate(
                    "UPDATE "
                        + Dialect.TABLE
                        + " SET status = 'skipped', done_at = :now, lease_owner = NULL,"
                        + " lease_until = NULL WHERE id = :id AND (status = 'dead' OR"
                        + " (status = 'pending' AND (lease_until IS NULL OR lease_until <= :now)))")
                .bind("now", now)
                .bind("id", id)
                .execute());
  }

  int purge(Handle h, Duration keep) {
    long cutoff = System.currentTimeMillis() - keep.toMillis();
    return h.createUpdate(
            "DELETE FROM "
                + Dialect.TABLE
                + " WHERE status IN ('delivered', 'skipped') AND done_at <= :cutoff")
        .bind("cutoff", cutoff)
        .execute();
  }

  List<OutboxRow> rows(OutboxRow.Status status, int limit) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT * FROM "
                        + Dialect.TABLE
                        + " WHERE status = :status ORDER BY id LIMIT :limit")
                .bind("status", status.code())
                .bind("limit", limit)
                .map(ROWS)
                .list());
  }

  OutboxStatus status() {
    long now = System.currentTimeMillis();
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT"
                        + " COALESCE(SUM(CASE WHEN status = 'pending' THEN 1 ELSE 0 END), 0),"
                        + " COALESCE(SUM(CASE WHEN status = 'pending' AND lease_until > :now"
                        + " THEN 1 ELSE 0 END), 0),"
                        + " COALESCE(SUM(CASE WHEN status = 'dead' THEN 1 ELSE 0 END), 0),"
                        + " COALESCE(SUM(CASE WHEN status = 'delivered' THEN 1 ELSE 0 END), 0),"
                        + " COALESCE(SUM(CASE WHEN status = 'skipped' THEN 1 ELSE 0 END), 0),"
                        + " MIN(CASE WHEN status IN ('pending', 'dead') THEN created_at END)"
                        + " FROM "
                        + Dialect.TABLE)
                .bind("now", now)
                .map(
                    (rs, ctx) -> {
                      long oldest = rs.getLong(6);
                      Duration age =
                          rs.wasNull() ? null : Duration.ofMillis(Math.max(0, now - oldest));
                      return new OutboxStatus(
                          rs.getLong(1),
                          rs.getLong(2),
                          rs.getLong(3),
                          rs.getLong(4),
                          rs.getLong(5),
                          age);
                    })
                .one());
  }

  private static OutboxRow map(ResultSet rs, StatementContext ctx) throws SQLException {
    return new OutboxRow(
        rs.getLong("id"),
        rs.getString("event_id"),
        rs.getString("receiver"),
        rs.getString("signal"),
        rs.getString("model"),
        rs.getString("model_key"),
        rs.getLong("seq"),
        rs.getString("payload"),
        OutboxRow.Status.of(rs.getString("status")),
        rs.getInt("attempts"),
        rs.getLong("fence"),
        rs.getString("last_error"),
        rs.getLong("created_at"),
        rs.getLong("next_at"));
  }
}
