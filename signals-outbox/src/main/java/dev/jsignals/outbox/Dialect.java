package dev.jsignals.outbox;

import java.sql.SQLException;
import java.util.List;
import org.jdbi.v3.core.Handle;

/** The SQL that differs between SQLite and PostgreSQL. */
enum Dialect {
  SQLITE("INTEGER PRIMARY KEY AUTOINCREMENT"),
  POSTGRESQL("BIGSERIAL PRIMARY KEY");

  static final String TABLE = "jsignals_outbox";
  static final String KEYS = "jsignals_outbox_keys";
  static final String CHANNEL = "jsignals_outbox";

  /** The first undelivered row of its key: no earlier row of the key is pending or dead. */
  private static final String FIRST_ROWS =
      " AND NOT EXISTS (SELECT 1 FROM "
          + TABLE
          + " p WHERE p.receiver = o.receiver AND p.model = o.model"
          + " AND p.model_key = o.model_key AND p.seq < o.seq"
          + " AND p.status IN ('pending', 'dead'))";

  /** A row a claim may take but for its key's order: pending, due, not leased, attempts left. */
  private static final String CLAIMABLE =
      " o.status = 'pending' AND o.next_at <= (SELECT NOW)"
          + " AND (o.lease_until IS NULL OR o.lease_until <= NOW)"
          + " AND o.attempts < :max AND UNINDEXED o.receiver IN (<receivers>)";

  /**
   * The rows a claim takes, by due time. {@code next_at} is compared with the clock read once, in a
   * subquery, so that PostgreSQL can seek the due index with it ({@code clock_timestamp()} is
   * volatile: compared directly, each row of the index would be read and filtered) and stop at the
   * first row not due. A key's order does not come from this order but from the {@code NOT EXISTS}:
   * a row is eligible only when no earlier row of its key is pending or dead.
   */
  private static final String ELIGIBLE =
      " FROM "
          + TABLE
          + " o WHERE"
          + CLAIMABLE
          + FIRST_ROWS
          + " ORDER BY o.next_at, o.id LIMIT :limit";

  /**
   * The rows a claim takes among the first {@code :window} rows due that it could take but for
   * their key's order: the eligible rows of {@link #ELIGIBLE}, found by reading at most that many
   * rows. {@link #ELIGIBLE} reads due rows until it has {@code :limit} first rows of their key, so
   * where few keys hold many rows each (a key's later rows wait behind its first, in flight or
   * dead), it reads and tests every row due: 20,000 rows of 20 keys cost a claim 0.3 s on
   * PostgreSQL. The row found in the window is tested again as it is taken (PostgreSQL tests the
   * outer conditions again on the version it locks: another relay may have claimed it since).
   */
  private static final String ELIGIBLE_IN_WINDOW =
      " FROM (SELECT o.id AS wid, o.next_at AS wat FROM "
          + TABLE
          + " o WHERE"
          + CLAIMABLE
          + " ORDER BY o.next_at, o.id LIMIT :window) d JOIN "
          + TABLE
          + " o ON o.id = d.wid WHERE"
          + CLAIMABLE
          + FIRST_ROWS
          + " ORDER BY d.wat, d.wid LIMIT :limit";

  /**
   * A claim counts an attempt and an unfinished claim, moves the fence, and moves {@code next_at}
   * past the lease by the attempt's full backoff: a relay that dies while delivering costs the row
   * the same wait as a failure.
   */
  private static final String CLAIM_SET =
      " SET attempts = attempts + 1, unfinished = unfinished + 1, fence = fence + 1,"
          + " lease_owner = :owner, lease_until = NOW + :lease,"
          + " next_at = NOW + :lease + LEAST(:cap, :base * (SHIFT))";

  private final String idColumn;

  Dialect(String idColumn) {
    this.idColumn = idColumn;
  }

  /**
   * The database's clock in epoch milliseconds: PostgreSQL's {@code clock_timestamp()}, read at
   * each use (unlike {@code now()} it does not stand still in a transaction, so two uses in one
   * statement may differ by a millisecond); SQLite's {@code unixepoch('subsec')}, stable within a
   * statement, read from the clock of the process SQLite runs in. Every time two processes compare
   * (lease deadlines, {@code next_at}, {@code done_at}) comes from here, never from a JVM's clock.
   */
  String now() {
    return this == POSTGRESQL
        ? "CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT)"
        : "CAST(unixepoch('subsec') * 1000 AS INTEGER)";
  }

  /**
   * Replaces the {@code NOW}, {@code LEAST}, {@code SHIFT} and {@code UNINDEXED} placeholders of a
   * statement. {@code UNINDEXED} before a column keeps SQLite from looking the column up in an
   * index (its unary {@code +}): filtering by receiver through the key index would read every row
   * of the receiver, kept ones included, and sort them, where the due index reads the rows in
   * order.
   */
  String sql(String statement) {
    String least = this == POSTGRESQL ? "LEAST(" : "MIN(";
    String shift =
        this == POSTGRESQL ? "CAST(1 AS BIGINT) << LEAST(attempts, 30)" : "1 << MIN(attempts, 30)";
    return statement
        .replace("UNINDEXED ", this == SQLITE ? "+" : "")
        .replace("SHIFT", shift)
        .replace("LEAST(", least)
        .replace("NOW", "(" + now() + ")");
  }

  /**
   * Makes a statement that runs in a transaction of its own (auto-commit) commit without waiting
   * for the flush of its WAL on PostgreSQL ({@code synchronous_commit} off for its transaction
   * only, set in the statement itself: no round trip more); replaces {@code NOFLUSH_USING} (after a
   * {@code DELETE}'s table) or {@code NOFLUSH_FROM} (after an {@code UPDATE}'s {@code SET}), which
   * SQLite drops (its commits in WAL mode with {@code synchronous=NORMAL} do not wait for the
   * disk). The commit is visible to every session at once, as any; only its durability waits for
   * the WAL writer (at most three times {@code wal_writer_delay}, 0.6 s by default), so a server
   * crash may undo it.
   */
  String withoutFlush(String statement) {
    if (this == SQLITE) {
      return statement.replace(" NOFLUSH_USING", "").replace(" NOFLUSH_FROM", "");
    }
    return "WITH noflush AS MATERIALIZED (SELECT set_config('synchronous_commit', 'off', true)"
        + " AS v) "
        + statement
            .replace("NOFLUSH_USING", "USING noflush")
            .replace("NOFLUSH_FROM", "FROM noflush");
  }

  static Dialect of(Handle handle) {
    String product;
    try {
      product = handle.getConnection().getMetaData().getDatabaseProductName();
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot tell which database the outbox is on", e);
    }
    if (product.equalsIgnoreCase("SQLite")) {
      return SQLITE;
    }
    if (product.equalsIgnoreCase("PostgreSQL")) {
      return POSTGRESQL;
    }
    throw new IllegalStateException(
        "signals-outbox supports SQLite and PostgreSQL; this database is " + product);
  }

  List<String> schema() {
    return List.of(
        "CREATE TABLE IF NOT EXISTS "
            + TABLE
            + " (id "
            + idColumn
            + ", event_id VARCHAR(36) NOT NULL, receiver VARCHAR(200) NOT NULL,"
            + " signal VARCHAR(20) NOT NULL, model VARCHAR(300) NOT NULL,"
            + " model_key VARCHAR(200) NOT NULL, seq BIGINT NOT NULL, payload TEXT NOT NULL,"
            + " status VARCHAR(10) NOT NULL, attempts INT NOT NULL DEFAULT 0,"
            + " fence BIGINT NOT NULL DEFAULT 0, next_at BIGINT NOT NULL,"
            + " lease_owner VARCHAR(200), lease_until BIGINT, last_error TEXT,"
            + " created_at BIGINT NOT NULL, done_at BIGINT,"
            + " unfinished INT NOT NULL DEFAULT 0, trace_context TEXT)",
        "CREATE INDEX IF NOT EXISTS "
            + TABLE
            + "_key ON "
            + TABLE
            + " (receiver, model, model_key, seq)",
        "CREATE TABLE IF NOT EXISTS "
            + KEYS
            + " (model VARCHAR(300) NOT NULL, model_key VARCHAR(200) NOT NULL,"
            + " seq BIGINT NOT NULL, PRIMARY KEY (model, model_key))");
  }

  /** The index a claim walks, named so that {@link #indexes()} can tell whether it is there. */
  static final String DUE_INDEX = TABLE + "_next";

  /**
   * The partial indexes the relay's statements walk, each holding only the rows its statement looks
   * for, so that what a statement reads does not grow with the rows it does not want: the claim
   * walks the pending rows by due time ({@code next_at}, then id) and stops at the first one not
   * due, so neither the rows waiting out a backoff nor the rows in flight (a claim moves {@code
   * next_at} past the lease) are read, nor the delivered rows kept, nor the index entries of rows
   * long deleted; the check for rows whose relay died walks only the rows in flight; the purge
   * walks only the finished rows, by the time they finished. Replaces the pending rows' index by id
   * of earlier versions (a claim walked every waiting row before the due ones), and their {@code
   * (status, next_at)} index (every row, finished ones included).
   *
   * <p>A claim moves {@code next_at}, so it moves the row's entry in the due index: on SQLite one
   * more index entry rewritten per row claimed; on PostgreSQL nothing more, as the claim already
   * changes {@code unfinished}, a column of the in-flight index's predicate, which rules out a
   * heap-only update and makes every update write an entry in each index the row belongs to.
   */
  List<String> indexes() {
    return List.of(
        "CREATE INDEX IF NOT EXISTS "
            + DUE_INDEX
            + " ON "
            + TABLE
            + " (next_at, id) WHERE status = 'pending'",
        "CREATE INDEX IF NOT EXISTS "
            + TABLE
            + "_unfinished ON "
            + TABLE
            + " (id) WHERE status = 'pending' AND unfinished > 0",
        "CREATE INDEX IF NOT EXISTS "
            + TABLE
            + "_done ON "
            + TABLE
            + " (done_at) WHERE status IN ('delivered', 'skipped')",
        "DROP INDEX IF EXISTS " + TABLE + "_pending",
        "DROP INDEX IF EXISTS " + TABLE + "_due");
  }

  /** A query counting 1 if the index {@code name} exists (in the current schema), else 0. */
  String indexExists(String name) {
    return this == POSTGRESQL
        ? "SELECT COUNT(*) FROM (SELECT to_regclass('" + name + "') AS r) i WHERE r IS NOT NULL"
        : "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name = '" + name + "'";
  }

  /** Adds the columns of later versions to a table an earlier version created. */
  String addUnfinished() {
    return addColumn("unfinished INT NOT NULL DEFAULT 0");
  }

  /** Adds the column of the writes' trace contexts (nullable) to an earlier version's table. */
  String addTraceContext() {
    return addColumn("trace_context TEXT");
  }

  private String addColumn(String column) {
    return "ALTER TABLE "
        + TABLE
        + " ADD COLUMN "
        + (this == POSTGRESQL ? "IF NOT EXISTS " : "")
        + column;
  }

  /**
   * Writes one row and takes its key's sequence number, in one statement (one round trip); its
   * positional parameters are the values {@link #insertParameters()} names.
   *
   * <p>PostgreSQL: the upsert of the key's counter in {@link #KEYS} locks that key's counter row
   * until the transaction ends, so a second writer of the same key waits for the first one's commit
   * and numbers after it: per key, sequence order is commit order, while writers of other keys do
   * not wait. Other processes' relays are woken after the commit, by {@link Notifier}.
   *
   * <p>SQLite: one writer at a time holds the database's write lock from its first write to its
   * commit, so numbers drawn inside write transactions are already in commit order: the row takes
   * one more than the highest id ever present (a seek on the primary key), which is above every row
   * still there. No counter row, no second statement. The statement opens with a comment so that
   * the SQLite driver, which reads back the generated key of every statement that starts with
   * {@code INSERT} (one more query), does not: nothing needs this row's id.
   */
  String insert() {
    String columns =
        " (event_id, receiver, signal, model, model_key, seq, payload, status, next_at,"
            + " created_at, trace_context) ";
    if (this == SQLITE) {
      return "/* jsignals outbox row */ INSERT INTO "
          + TABLE
          + columns
          + "VALUES (?, ?, ?, ?, ?, (SELECT IFNULL(MAX(id), 0) + 1 FROM "
          + TABLE
          + "), ?, 'pending', NOW, NOW, ?)";
    }
    return "WITH s AS (INSERT INTO "
        + KEYS
        + " (model, model_key, seq) VALUES (?, ?, 1)"
        + " ON CONFLICT (model, model_key) DO UPDATE SET seq = "
        + KEYS
        + ".seq + 1 RETURNING seq) INSERT INTO "
        + TABLE
        + columns
        + "SELECT ?, ?, ?, ?, ?, s.seq, ?, 'pending', NOW,"
        + " NOW, ? FROM s";
  }

  /**
   * {@return the values of {@link #insert()}'s parameters, in order}: each an index into (event id,
   * receiver, signal, model, key, payload, trace context).
   */
  int[] insertParameters() {
    return this == SQLITE ? new int[] {0, 1, 2, 3, 4, 5, 6} : new int[] {3, 4, 0, 1, 2, 3, 4, 5, 6};
  }

  /**
   * Claims the next rows of keys whose first undelivered row this relay just claimed, given as
   * {@code heads}, the placeholders of their {@code (id, fence)} pairs, for targets that keep a
   * key's order across a batch ({@link BatchDeliveryTarget}). A key's rows are taken in sequence
   * order and only as an unbroken run: up to the first undelivered row after the first one that is
   * not ready (dead, leased, waiting for its backoff); at most {@code :perKey} rows of a key and
   * {@code :limit} in all, taken round by round (each key's next row before any key's row after
   * it), so that the limit cuts a run short, never opens a gap in it. Only the holder of a key's
   * first row takes its next rows, and the claim of first rows never takes them, so no other relay
   * holds them; the claim itself is the same compare-and-set, moving each row's fence.
   */
  String claimNext(String heads) {
    String ready =
        "y.status = 'pending' AND y.next_at <= NOW AND (y.lease_until IS NULL OR y.lease_until <="
            + " NOW) AND y.attempts < :max";
    // Per first row: the key's next undelivered rows, at most :perKey, found on the key's index.
    String next =
        " SELECT y.id, y.receiver, y.model, y.model_key, y.seq, CASE WHEN "
            + ready
            + " THEN 0 ELSE 1 END AS blocked FROM "
            + TABLE
            + " y WHERE y.receiver = h.receiver AND y.model = h.model AND y.model_key ="
            + " h.model_key AND y.seq > h.seq AND y.status IN ('pending', 'dead')"
            + " ORDER BY y.seq LIMIT :perKey";
    String rows =
        this == POSTGRESQL
            ? "SELECT x.* FROM h CROSS JOIN LATERAL (" + next + ") x"
            : "SELECT x.* FROM h JOIN (SELECT y.id, y.receiver, y.model, y.model_key, y.seq, CASE"
                + " WHEN "
                + ready
                + " THEN 0 ELSE 1 END AS blocked FROM "
                + TABLE
                + " y) x ON x.id IN (SELECT y.id FROM "
                + TABLE
                + " y WHERE y.receiver = h.receiver AND y.model = h.model AND y.model_key ="
                + " h.model_key AND y.seq > h.seq AND y.status IN ('pending', 'dead')"
                + " ORDER BY y.seq LIMIT :perKey)";
    String runs =
        "WITH h AS MATERIALIZED (SELECT o.receiver, o.model, o.model_key, o.seq FROM "
            + TABLE
            + " o WHERE o.status = 'pending' AND o.lease_owner = :owner AND (o.id, o.fence) IN"
            + " (VALUES "
            + heads
            + ")), x AS ("
            + rows
            + "), n AS (SELECT id, ROW_NUMBER() OVER (PARTITION BY receiver, model, model_key"
            + " ORDER BY seq) AS n, SUM(blocked) OVER (PARTITION BY receiver, model, model_key"
            + " ORDER BY seq ROWS UNBOUNDED PRECEDING) AS broken FROM x) ";
    String chosen = "(SELECT id FROM n WHERE broken = 0 ORDER BY n, id LIMIT :limit)";
    if (this == POSTGRESQL) {
      return runs
          + "UPDATE "
          + TABLE
          + " t"
          + CLAIM_SET
          + " WHERE t.id IN "
          + chosen
          + " AND t.status = 'pending' AND (t.lease_until IS NULL OR t.lease_until <= NOW)"
          + " RETURNING t.*";
    }
    return runs
        + "UPDATE "
        + TABLE
        + CLAIM_SET
        + " WHERE id IN "
        + chosen
        + " AND status = 'pending' AND (lease_until IS NULL OR lease_until <= NOW) RETURNING *";
  }

  /**
   * Claims due rows: pending, not leased (or the lease ended), and the first undelivered row of
   * their key for their receiver. One statement: on PostgreSQL rows another relay is claiming are
   * skipped; on SQLite the statement holds the write lock, so two relays cannot claim one row.
   *
   * @param windowed whether to look among the first {@code :window} rows only ({@link
   *     #ELIGIBLE_IN_WINDOW}), else among every row due
   */
  String claim(boolean windowed) {
    String eligible = windowed ? ELIGIBLE_IN_WINDOW : ELIGIBLE;
    if (this == POSTGRESQL) {
      return "WITH c AS (SELECT o.id"
          + eligible
          + " FOR UPDATE OF o SKIP LOCKED) UPDATE "
          + TABLE
          + " t"
          + CLAIM_SET
          + " FROM c WHERE t.id = c.id RETURNING t.*";
    }
    return "UPDATE " + TABLE + CLAIM_SET + " WHERE id IN (SELECT o.id" + eligible + ") RETURNING *";
  }
}
