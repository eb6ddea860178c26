package dev.jsignals.outbox;

import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.StatementException;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.jspecify.annotations.Nullable;

/** Every statement on the outbox tables. Thread-safe: each call uses a handle of its own. */
final class Store {
  private static final int ERROR_LIMIT = 2000;
  private static final RowMapper<OutboxRow> ROWS = Store::map;
  private static final Pattern BATCH_ENTRY = Pattern.compile("^Batch entry (\\d+) ");

  private final Jdbi jdbi;
  private final Dialect dialect;
  private final PreparedStatements inserts;
  private final PreparedStatements insertsWithCommit;
  private final int[] insertParameters;
  private @Nullable CommitRows commitRows;

  Store(Jdbi jdbi) {
    this.jdbi = jdbi;
    this.dialect = jdbi.withHandle(Dialect::of);
    this.inserts = new PreparedStatements(dialect.sql(dialect.insert()));
    this.insertsWithCommit = new PreparedStatements(dialect.sql(dialect.insert()) + "; COMMIT");
    this.insertParameters = dialect.insertParameters();
  }

  /**
   * PostgreSQL: from now on, the rows of a transaction that began on a handle opened after this
   * call are held until its commit and sent with it ({@link CommitRows}), where that is safe.
   */
  void sendRowsWithCommit() {
    if (dialect == Dialect.POSTGRESQL) {
      commitRows = CommitRows.install(jdbi, this);
    }
  }

  Dialect dialect() {
    return dialect;
  }

  Jdbi jdbi() {
    return jdbi;
  }

  /**
   * Creates the tables when missing, and adds the columns of later versions to tables an earlier
   * version created. Looks first with reads, so that opening an outbox on an up-to-date database
   * takes no write lock (SQLite writers would queue behind it).
   */
  void createSchema() {
    if (!readable("SELECT COUNT(*) FROM " + Dialect.KEYS + " WHERE 1 = 0")) {
      jdbi.useHandle(h -> dialect.schema().forEach(h::execute));
    }
    addColumn("unfinished", dialect.addUnfinished());
    addColumn("trace_context", dialect.addTraceContext());
    if (!dueIndexed()) {
      try {
        jdbi.useHandle(h -> dialect.indexes().forEach(h::execute));
      } catch (RuntimeException raced) {
        // Another process created them first: fine when they are there now.
        if (!dueIndexed()) {
          throw raced;
        }
      }
    }
  }

  private void addColumn(String column, String alter) {
    String probe = "SELECT COUNT(" + column + ") FROM " + Dialect.TABLE + " WHERE 1 = 0";
    if (!readable(probe)) {
      try {
        jdbi.useHandle(h -> h.execute(alter));
      } catch (RuntimeException raced) {
        // Another process added it first: fine when the column is there now.
        if (!readable(probe)) {
          throw raced;
        }
      }
    }
  }

  private boolean dueIndexed() {
    return jdbi.withHandle(
            h -> h.createQuery(dialect.indexExists(Dialect.DUE_INDEX)).mapTo(Long.class).one())
        > 0;
  }

  private boolean readable(String query) {
    try {
      return jdbi.withHandle(h -> h.createQuery(query).mapTo(Long.class).one() == 0);
    } catch (RuntimeException missing) {
      return false;
    }
  }

  /**
   * Writes one row on the write's own handle, so it commits or rolls back with the write, through
   * the statement prepared once per connection (SQLite prepares a statement from its text each
   * time, and the text of this one is ten columns long); {@code trace} is the write's trace context
   * as JSON, or {@code null}. On PostgreSQL the row may be held until the commit instead, and sent
   * with it ({@link #sendRowsWithCommit()}).
   */
  void insert(
      Handle handle,
      String receiver,
      String signal,
      String model,
      String key,
      String json,
      @Nullable String trace) {
    String[] values = {EventIds.next(), receiver, signal, model, key, json, trace};
    CommitRows rows = commitRows;
    if (rows != null && rows.defer(handle, values)) {
      return;
    }
    try {
      PreparedStatement insert = inserts.on(handle.getConnection());
      bind(insert, values);
      insert.executeUpdate();
    } catch (SQLException e) {
      // As Jdbi reports a failed statement, so that callers see the same exception as before.
      throw new UnableToExecuteStatementException(
          "Cannot write a row of " + Dialect.TABLE + " for receiver '" + receiver + "': " + e,
          e,
          null);
    }
  }

  /**
   * Writes rows held until now ({@link CommitRows}), in order: all but the last as one batch (one
   * round trip), the last one with the {@code COMMIT} when {@code commit} (one statement, so one
   * round trip: pgjdbc sends both, then one Sync), else in the batch. When a row fails the server
   * skips the rest up to the Sync, the {@code COMMIT} too: nothing of the transaction is written.
   *
   * @throws UnableToExecuteStatementException naming the row that failed
   */
  void flush(Handle handle, List<String[]> rows, boolean commit) {
    int batched = commit ? rows.size() - 1 : rows.size();
    int index = 0;
    try {
      Connection connection = handle.getConnection();
      if (batched == 1) {
        PreparedStatement insert = inserts.on(connection);
        bind(insert, rows.get(0));
        insert.executeUpdate();
      } else if (batched > 1) {
        PreparedStatement insert = inserts.on(connection);
        for (int i = 0; i < batched; i++) {
          bind(insert, rows.get(i));
          insert.addBatch();
        }
        try {
          insert.executeBatch();
        } catch (BatchUpdateException e) {
          index = failedEntry(e, batched);
          throw e;
        }
      }
      if (commit) {
        index = batched;
        PreparedStatement last = insertsWithCommit.on(connection);
        bind(last, rows.get(batched));
        last.executeUpdate();
      }
    } catch (SQLException e) {
      String[] row = rows.get(index);
      throw new UnableToExecuteStatementException(
          "Cannot write the row of "
              + Dialect.TABLE
              + " for receiver '"
              + row[1]
              + "' (model "
              + row[3]
              + ", key "
              + row[4]
              + ") held for the commit: the transaction is rolled back, nothing of it is"
              + " written; "
              + (e.getNextException() == null ? e : e.getNextException()),
          e,
          null);
    }
  }

  /**
   * {@return the entry of a failed batch}: pgjdbc counts every entry of a batch failed in a
   * transaction as failed, and names the one the server refused only in its message ("Batch entry 2
   * ..."); the first one when the message does not say.
   */
  private static int failedEntry(BatchUpdateException e, int size) {
    Matcher entry = BATCH_ENTRY.matcher(String.valueOf(e.getMessage()));
    if (entry.find()) {
      int index = Integer.parseInt(entry.group(1));
      return index < size ? index : 0;
    }
    return 0;
  }

  private void bind(PreparedStatement insert, String[] values) throws SQLException {
    for (int i = 0; i < insertParameters.length; i++) {
      insert.setString(i + 1, values[insertParameters[i]]);
    }
  }

  /**
   * Claims due rows of {@code receivers}: one compare-and-set per row (pending, lease ended, due),
   * which moves the fence. Rows whose relay died {@code maxAttempts} times in a row while
   * delivering are made dead first (one compare-and-set each), so that a receiver that kills its
   * process does not loop.
   */
  List<OutboxRow> claim(Handle h, String owner, Set<String> receivers, int limit, Settings s) {
    return claim(h, owner, receivers, Set.of(), limit, s);
  }

  /**
   * Claims due rows of {@code receivers}, as {@link #claim(Handle, String, Set, int, Settings)}
   * does; for the receivers in {@code batched} (targets that keep a key's order across a batch) the
   * rows after each claimed first row of a key are claimed too, up to {@code limit} rows in all
   * ({@link Dialect#claimNext}).
   *
   * @return the rows claimed, by id (per key, sequence order)
   */
  List<OutboxRow> claim(
      Handle h, String owner, Set<String> receivers, Set<String> batched, int limit, Settings s) {
    if (receivers.isEmpty()) {
      return List.of();
    }
    markDead(h, receivers, s);
    return claimDue(h, owner, receivers, batched, limit, s, true);
  }

  /**
   * Makes dead the rows of {@code receivers} whose relay died {@code maxAttempts} times in a row
   * while delivering them (one compare-and-set each, moving the fence), so that a receiver that
   * kills its process does not loop. Such rows are never claimed again in any case (a claim takes
   * rows below {@code maxAttempts} only): this only records their end, which is why a relay may run
   * it less often than it claims.
   */
  void markDead(Handle h, Set<String> receivers, Settings s) {
    if (receivers.isEmpty()) {
      return;
    }
    h.createUpdate(
            dialect.sql(
                "UPDATE "
                    + Dialect.TABLE
                    + " SET status = 'dead', fence = fence + 1, lease_owner = NULL,"
                    + " lease_until = NULL, last_error = 'relay died ' || CAST(unfinished AS VARCHAR(12)) ||"
                    + " ' times while delivering (last claimed by ' || COALESCE(lease_owner, '?')"
                    + " || ')' WHERE status = 'pending' AND unfinished > 0 AND attempts >= :max"
                    + " AND lease_until <= NOW AND UNINDEXED receiver IN (<receivers>)"))
        .bind("max", s.maxAttempts())
        .bindList("receivers", new ArrayList<>(receivers))
        .execute();
  }

  /**
   * Claims due rows as {@link #claim(Handle, String, Set, Set, int, Settings)} does, without first
   * making dead the rows whose relay died ({@link #markDead}).
   *
   * @param everyRow whether to look at every row due for the first rows of their keys; else at the
   *     first {@link #window} rows due only, so that a claim costs no more than that many rows'
   *     tests however many rows wait behind the first of their key (the rows further back are
   *     claimed by the next claim that looks at every row)
   */
  List<OutboxRow> claimDue(
      Handle h,
      String owner,
      Set<String> receivers,
      Set<String> batched,
      int limit,
      Settings s,
      boolean everyRow) {
    if (receivers.isEmpty()) {
      return List.of();
    }
    analyzeIfStale(h);
    List<OutboxRow> rows = claimFirst(h, owner, receivers, limit, s, !everyRow);
    boolean full = rows.size() >= limit;
    if (full && !lastClaimFull) {
      // A backlog starts: look at the statistics before the next claim.
      statisticsChecked = System.nanoTime() - STATISTICS_CHECK_NANOS;
    }
    if (full) {
      backlogClaimed.add(rows.size());
    } else {
      backlogClaimed.reset();
    }
    lastClaimFull = full;
    List<OutboxRow> sorted = new ArrayList<>(rows);
    List<OutboxRow> heads = new ArrayList<>();
    for (OutboxRow row : rows) {
      if (batched.contains(row.receiver())) {
        heads.add(row);
      }
    }
    if (!heads.isEmpty() && rows.size() < limit) {
      sorted.addAll(claimNext(h, owner, heads, limit - rows.size(), s));
    }
    sorted.sort(Comparator.comparingLong(OutboxRow::id));
    return sorted;
  }

  /**
   * The claim of first rows ({@link Dialect#claim}), through the statement prepared once per
   * connection and number of receivers ({@link PreparedStatements}): SQLite compiles a statement's
   * text at each prepare, which cost the claim about as much as running it.
   */
  private List<OutboxRow> claimFirst(
      Handle h, String owner, Set<String> receivers, int limit, Settings s, boolean windowed) {
    Positional claim =
        claims.computeIfAbsent(
            receivers.size() * 2 + (windowed ? 1 : 0), k -> claimStatement(k / 2, k % 2 == 1));
    try {
      PreparedStatement statement = claim.statements.on(h.getConnection());
      int index = 1;
      for (String name : claim.names) {
        switch (name) {
          case "receivers":
            for (String receiver : receivers) {
              statement.setString(index++, receiver);
            }
            continue;
          case "owner":
            statement.setString(index, owner);
            break;
          case "lease":
            statement.setLong(index, s.lease().toMillis());
            break;
          case "base":
            statement.setLong(index, s.backoff().toMillis());
            break;
          case "cap":
            statement.setLong(index, s.maxBackoff().toMillis());
            break;
          case "max":
            statement.setInt(index, s.maxAttempts());
            break;
          case "limit":
            statement.setInt(index, limit);
            break;
          case "window":
            statement.setInt(index, window(limit));
            break;
          default:
            throw new IllegalStateException("unbound claim parameter :" + name);
        }
        index++;
      }
      List<OutboxRow> rows = new ArrayList<>();
      // As Jdbi runs a query: the drivers treat an UPDATE ... RETURNING alike this way.
      if (statement.execute()) {
        try (ResultSet rs = statement.getResultSet()) {
          while (rs.next()) {
            rows.add(map(rs, null));
          }
        }
      }
      return rows;
    } catch (SQLException e) {
      // As Jdbi reports a failed statement, so that the relay's handling stays the same.
      throw new UnableToExecuteStatementException(
          "Cannot claim rows of " + Dialect.TABLE + " for " + receivers + ": " + e, e, null);
    }
  }

  /** A statement's text with positional parameters, and the names of its parameters in order. */
  private record Positional(PreparedStatements statements, List<String> names) {}

  /** The claim statements, by {@code 2 * receivers + (windowed ? 1 : 0)}. */
  private final Map<Integer, Positional> claims = new ConcurrentHashMap<>();

  private static final Pattern PARAMETER = Pattern.compile(":([a-z]+)|<receivers>");

  /**
   * {@return how many due rows a windowed claim of {@code limit} rows looks at}: twice the limit,
   * and at least 256, so that the rows of a few keys in flight at the head of the due rows do not
   * hide the first rows of other keys behind them, while a claim tests at most that many rows.
   */
  static int window(int limit) {
    return (int) Math.min(Integer.MAX_VALUE, Math.max(256L, 2L * limit));
  }

  /** The claim with {@code n} receivers, its named parameters and receiver list made positional. */
  private Positional claimStatement(int n, boolean windowed) {
    String sql = dialect.sql(dialect.claim(windowed));
    Matcher m = PARAMETER.matcher(sql);
    StringBuilder text = new StringBuilder();
    List<String> names = new ArrayList<>();
    while (m.find()) {
      names.add(m.group(1) == null ? "receivers" : m.group(1));
      m.appendReplacement(
          text, m.group(1) == null ? String.join(", ", Collections.nCopies(n, "?")) : "?");
    }
    m.appendTail(text);
    return new Positional(new PreparedStatements(text.toString()), List.copyOf(names));
  }

  /** When the last look at PostgreSQL's statistics of the table was, in nanoseconds. */
  private volatile long statisticsChecked = System.nanoTime() - STATISTICS_CHECK_NANOS;

  private static final long STATISTICS_CHECK_NANOS = 30_000_000_000L;

  /** How often the statistics are looked at while claims come back full: a backlog is draining. */
  private static final long BACKLOG_STATISTICS_CHECK_NANOS = 1_000_000_000L;

  /** How many pending rows a look at the statistics counts at most, during a backlog. */
  private static final int PENDING_SAMPLE = 1_000;

  /** Whether the last claim took as many rows as it could: a backlog, maybe a new one. */
  private volatile boolean lastClaimFull;

  /** {@return whether the last claim took as many rows as it could: a backlog} */
  boolean backlog() {
    return lastClaimFull;
  }

  /** Rows claimed by full claims in a row (a backlog), since the last analysis. */
  private final LongAdder backlogClaimed = new LongAdder();

  /** The table's rows by its statistics at the last look; -1 before the first. */
  private volatile long statisticsRows = -1;

  /** Called after a vacuum of the table, which replaces its statistics' count of rows. */
  void statisticsReplaced() {
    statisticsChecked = System.nanoTime() - STATISTICS_CHECK_NANOS;
  }

  /**
   * PostgreSQL only, before a claim, at most every 30 s per outbox, and before the claim after the
   * first full one and every second while claims come back full (a backlog arrived while the relay
   * ran): analyses the table when its statistics describe less than half of its rows, give or take
   * a hundred (never analysed, or analysed before a backlog arrived), by the server's count of live
   * rows, by the rows this outbox claimed from the backlog since its last analysis, or, in a
   * backlog, by a count of up to 1,000 pending rows. The server's count alone misses a backlog that
   * arrived while a vacuum ran: the vacuum's count replaces it and the statistics, and the claims
   * and completions of a 10,000-row backlog, planned for an empty table, took 90 to 270 ms each
   * instead of 1 to 4. Without them the planner guesses that few rows are pending and plans the
   * claim as a scan of every pending row, a per-key probe of each and a sort, which costs a claim
   * time in proportion to the backlog (175 ms a claim for 10,000 rows, seconds for 100,000, against
   * 1.4 ms walking the index in order) until autovacuum analyses the table, a minute or more later.
   * The look is one read of the server's statistics views.
   */
  private void analyzeIfStale(Handle h) {
    if (dialect != Dialect.POSTGRESQL) {
      return;
    }
    long now = System.nanoTime();
    long claimed = backlogClaimed.sum();
    long every = lastClaimFull ? BACKLOG_STATISTICS_CHECK_NANOS : STATISTICS_CHECK_NANOS;
    boolean outgrown = lastClaimFull && claimed > 2 * statisticsRows + 100;
    if (!outgrown && now - statisticsChecked < every) {
      return;
    }
    statisticsChecked = now;
    long[] rows = statistics(h);
    statisticsRows = rows[0];
    if (!stale(rows, claimed)) {
      return;
    }
    // Relays of other processes see the same backlog at the same time, and each ANALYZE waits for
    // the one running (both take the table's SHARE UPDATE EXCLUSIVE lock) and then does the same
    // work again: four relays started over a backlog analysed it one after the other before their
    // first claims. So the lock first, then a second look, which sees another relay's analysis.
    // The wait is bounded: a long VACUUM by hand holds the lock, and the claims go on meanwhile.
    long[] analysed;
    try {
      analysed =
          h.inTransaction(
              t -> {
                t.execute("SET LOCAL lock_timeout = '" + ANALYZE_LOCK_WAIT_SECONDS + "s'");
                t.execute("LOCK TABLE " + Dialect.TABLE + " IN SHARE UPDATE EXCLUSIVE MODE");
                long[] again = statistics(t);
                if (!stale(again, claimed)) {
                  return again;
                }
                t.execute("ANALYZE " + Dialect.TABLE);
                return new long[] {Math.max(again[1], claimed), again[1]};
              });
    } catch (StatementException e) {
      if (e.getCause() instanceof SQLException cause && "55P03".equals(cause.getSQLState())) {
        return; // the table stayed locked: the next look analyses it
      }
      throw e;
    }
    backlogClaimed.reset();
    statisticsRows = analysed[0];
  }

  /** How long an analysis waits for another's analysis or vacuum of the table to end. */
  private static final int ANALYZE_LOCK_WAIT_SECONDS = 10;

  /**
   * {@return the table's rows by its statistics, and by the server's count of live rows} The
   * server's count lags (a second or more) and a vacuum replaces it; in a backlog the pending rows
   * are also counted, up to a bound, through their partial index, and the larger count is given.
   */
  private long[] statistics(Handle h) {
    String pending =
        lastClaimFull
            ? "(SELECT COUNT(*) FROM (SELECT 1 FROM "
                + Dialect.TABLE
                + " WHERE status = 'pending' LIMIT "
                + PENDING_SAMPLE
                + ") p)"
            : "0";
    return h.createQuery(
            "SELECT c.reltuples::bigint, GREATEST(s.n_live_tup, "
                + pending
                + ") FROM pg_class c JOIN pg_stat_user_tables s ON s.relid = c.oid"
                + " WHERE c.oid = to_regclass('"
                + Dialect.TABLE
                + "')")
        .map((rs, ctx) -> new long[] {rs.getLong(1), rs.getLong(2)})
        .findOne()
        .orElse(new long[] {0, 0});
  }

  /**
   * {@return whether statistics of {@code rows} (as {@link #statistics} gives them) describe less
   * than half of the table's rows, give or take a hundred, counting {@code claimed} rows too}
   */
  private static boolean stale(long[] rows, long claimed) {
    return rows[0] < 0 || Math.max(rows[1], claimed) > 2 * rows[0] + 100;
  }

  /**
   * Claims the next rows of the keys whose first rows {@code heads} this relay just claimed, for
   * targets that keep a key's order across a batch: see {@link Dialect#claimNext}.
   */
  private List<OutboxRow> claimNext(
      Handle h, String owner, List<OutboxRow> heads, int limit, Settings s) {
    List<OutboxRow> rows = new ArrayList<>();
    for (int from = 0; from < heads.size() && rows.size() < limit; from += COMPLETE_CHUNK) {
      List<OutboxRow> chunk = heads.subList(from, Math.min(heads.size(), from + COMPLETE_CHUNK));
      Query query =
          h.createQuery(dialect.sql(dialect.claimNext(pairs(chunk.size()))))
              .bind("lease", s.lease().toMillis())
              .bind("base", s.backoff().toMillis())
              .bind("cap", s.maxBackoff().toMillis())
              .bind("max", s.maxAttempts())
              .bind("owner", owner)
              // Each key's share of the limit: the claim scans no more of a key's backlog.
              .bind("perKey", (limit + heads.size() - 1) / heads.size())
              .bind("limit", limit - rows.size());
      bindPairs(query, chunk);
      rows.addAll(query.map(ROWS).list());
    }
    return rows;
  }

  /** {@code (:i0, :f0), (:i1, :f1), ...}: the placeholders of {@code n} (id, fence) pairs. */
  private static String pairs(int n) {
    StringBuilder pairs = new StringBuilder();
    for (int i = 0; i < n; i++) {
      pairs.append(i == 0 ? "" : ", ").append("(:i").append(i).append(", :f").append(i).append(')');
    }
    return pairs.toString();
  }

  private static void bindPairs(Query query, List<OutboxRow> rows) {
    for (int i = 0; i < rows.size(); i++) {
      query.bind("i" + i, rows.get(i).id()).bind("f" + i, rows.get(i).fence());
    }
  }

  private static final String HELD = " WHERE id = :id AND fence = :fence AND status = 'pending'";

  /** Completes one delivered row; false if the claim was lost (fence or status moved on). */
  boolean complete(Handle h, OutboxRow row, Duration keep) {
    return complete(h, List.of(row), keep).contains(row.id());
  }

  /** At most this many rows are completed by one statement. */
  private static final int COMPLETE_CHUNK = 500;

  /**
   * Completes delivered rows, in one statement per {@value #COMPLETE_CHUNK}: for each row one
   * compare-and-set on its claim (id, fence, still pending). On PostgreSQL the statement commits
   * without waiting for its WAL flush ({@link Dialect#withoutFlush}): a server crash may undo the
   * completions of its last moments, and their rows, still claimed, are delivered again once their
   * lease ends (at least once, as for a relay that dies before completing). Their claims were
   * flushed before their receivers ran, so no claim, and no fence, is undone with them, and any
   * later flushed commit (the next claim) flushes them too, in order.
   *
   * <p>{@code h} must not be in a transaction: the setting would hold for the rest of it.
   *
   * @return the ids of the rows completed; a row missing from it lost its claim (its fence or
   *     status moved on)
   */
  Set<Long> complete(Handle h, List<OutboxRow> rows, Duration keep) {
    Set<Long> completed = new HashSet<>();
    for (int from = 0; from < rows.size(); from += COMPLETE_CHUNK) {
      List<OutboxRow> chunk = rows.subList(from, Math.min(rows.size(), from + COMPLETE_CHUNK));
      String held =
          " WHERE status = 'pending' AND (id, fence) IN (VALUES " + pairs(chunk.size()) + ")";
      String sql =
          keep.isZero()
              ? "DELETE FROM " + Dialect.TABLE + " NOFLUSH_USING" + held + " RETURNING id"
              : "UPDATE "
                  + Dialect.TABLE
                  + " SET status = 'delivered', done_at = NOW, lease_owner = NULL,"
                  + " lease_until = NULL, unfinished = 0 NOFLUSH_FROM"
                  + held
                  + " RETURNING id";
      String text = dialect.sql(dialect.withoutFlush(sql));
      if (chunk.size() <= PREPARED_COMPLETIONS) {
        completed.addAll(completePrepared(h, text, chunk, keep.isZero()));
        continue;
      }
      Query query = h.createQuery(text);
      bindPairs(query, chunk);
      completed.addAll(query.mapTo(Long.class).list());
    }
    return completed;
  }

  /** Completions of up to this many rows run through statements prepared once per connection. */
  private static final int PREPARED_COMPLETIONS = 8;

  /** Per number of rows and deleted or kept: the completion, prepared once per connection. */
  private final Map<Integer, PreparedStatements> completions = new ConcurrentHashMap<>();

  private static final Pattern PAIR = Pattern.compile(":[if][0-9]+");

  /**
   * Runs a completion of a few rows (the common case of a relay woken by each commit) through its
   * statement prepared once per connection: its text with the (id, fence) pairs positional.
   */
  private List<Long> completePrepared(
      Handle h, String text, List<OutboxRow> rows, boolean deleted) {
    PreparedStatements prepared =
        completions.computeIfAbsent(
            rows.size() * 2 + (deleted ? 0 : 1),
            k -> new PreparedStatements(PAIR.matcher(text).replaceAll("?")));
    try {
      PreparedStatement statement = prepared.on(h.getConnection());
      int index = 1;
      for (OutboxRow row : rows) {
        statement.setLong(index++, row.id());
        statement.setLong(index++, row.fence());
      }
      List<Long> ids = new ArrayList<>(rows.size());
      if (statement.execute()) {
        try (ResultSet rs = statement.getResultSet()) {
          while (rs.next()) {
            ids.add(rs.getLong(1));
          }
        }
      }
      return ids;
    } catch (SQLException e) {
      // As Jdbi reports a failed statement, so that the relay's handling stays the same.
      throw new UnableToExecuteStatementException(
          "Cannot complete " + rows.size() + " rows of " + Dialect.TABLE + ": " + e, e, null);
    }
  }

  /**
   * Extends the lease of a claimed row, and moves {@code next_at} with it (so that a relay dying
   * after a renewal still costs the row its backoff past the lease); false if the claim was lost
   * (fence or status moved on).
   */
  boolean renew(Handle h, OutboxRow row, Duration lease) {
    return h.createUpdate(
                dialect.sql(
                    "UPDATE "
                        + Dialect.TABLE
                        + " SET next_at = next_at + (NOW + :lease - lease_until),"
                        + " lease_until = NOW + :lease"
                        + HELD))
            .bind("lease", lease.toMillis())
            .bind("id", row.id())
            .bind("fence", row.fence())
            .execute()
        == 1;
  }

  /**
   * Records a failure: back to pending {@code delayMillis} from now, or dead after the last
   * attempt; false if the claim was lost (fence or status moved on).
   */
  boolean fail(Handle h, OutboxRow row, String error, long delayMillis, int maxAttempts) {
    return h.createUpdate(
                dialect.sql(
                    "UPDATE "
                        + Dialect.TABLE
                        + " SET status = CASE WHEN attempts >= :max THEN 'dead' ELSE"
                        + " 'pending' END, next_at = NOW + :delay, lease_owner = NULL,"
                        + " lease_until = NULL, last_error = :error, unfinished = 0"
                        + HELD))
            .bind("max", maxAttempts)
            .bind("delay", delayMillis)
            .bind("error", clip(error))
            .bind("id", row.id())
            .bind("fence", row.fence())
            .execute()
        == 1;
  }

  /**
   * Gives a claimed row back without counting the attempt (its target was unreachable, or the batch
   * was abandoned): pending again {@code delayMillis} from now; false if the claim was lost.
   */
  boolean release(Handle h, OutboxRow row, @Nullable String error, long delayMillis) {
    return h.createUpdate(
                dialect.sql(
                    "UPDATE "
                        + Dialect.TABLE
                        + " SET attempts = attempts - 1, unfinished = unfinished - 1,"
                        + " next_at = NOW + :delay, lease_owner = NULL, lease_until = NULL,"
                        + " last_error = COALESCE(:error, last_error)"
                        + HELD))
            .bind("delay", delayMillis)
            .bind("error", error == null ? null : clip(error))
            .bind("id", row.id())
            .bind("fence", row.fence())
            .execute()
        == 1;
  }

  private static String clip(String error) {
    return error.length() > ERROR_LIMIT ? error.substring(0, ERROR_LIMIT) : error;
  }

  /** An operator's retry: dead to pending, attempts reset; moves the fence. */
  int retry(@Nullable Long id) {
    return jdbi.withHandle(
        h ->
            h.createUpdate(
                    dialect.sql(
                        "UPDATE "
                            + Dialect.TABLE
                            + " SET status = 'pending', attempts = 0, unfinished = 0,"
                            + " fence = fence + 1, next_at = NOW WHERE status = 'dead'"
                            + (id == null ? "" : " AND id = :id")))
                .bind("id", id)
                .execute());
  }

  /**
   * An operator's skip of a dead row or an unclaimed pending one (lease ended, by the database's
   * clock); moves the fence, so a relay whose claim ended can no longer record anything on it.
   */
  int skip(long id) {
    return jdbi.withHandle(
        h ->
            h.createUpdate(
                    dialect.sql(
                        "UPDATE "
                            + Dialect.TABLE
                            + " SET status = 'skipped', done_at = NOW, lease_owner = NULL,"
                            + " lease_until = NULL, fence = fence + 1, unfinished = 0"
                            + " WHERE id = :id AND (status = 'dead' OR (status = 'pending' AND"
                            + " (lease_until IS NULL OR lease_until <= NOW)))"))
                .bind("id", id)
                .execute());
  }

  int purge(Handle h, Duration keep) {
    return h.createUpdate(
            dialect.sql(
                "DELETE FROM "
                    + Dialect.TABLE
                    + " WHERE status IN ('delivered', 'skipped') AND done_at <= NOW - :keep"))
        .bind("keep", keep.toMillis())
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

  /**
   * {@return whether any row of {@code receivers} is pending (in flight included)}: a walk of the
   * due index that stops at the first row, not a count. Ordered as the index is, so that PostgreSQL
   * walks it: unordered, it read the heap from its start, through every row kept and every dead
   * version, when the statistics promised a pending row early.
   */
  boolean anyPending(Handle h, Set<String> receivers) {
    if (receivers.isEmpty()) {
      return false;
    }
    return h.createQuery(
                dialect.sql(
                    "SELECT COUNT(*) FROM (SELECT 1 FROM "
                        + Dialect.TABLE
                        + " WHERE status = 'pending' AND UNINDEXED receiver IN"
                        + " (<receivers>) ORDER BY next_at, id LIMIT 1) p"))
            .bindList("receivers", new ArrayList<>(receivers))
            .mapTo(Long.class)
            .one()
        > 0;
  }

  OutboxStatus status() {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    dialect.sql(
                        "SELECT"
                            + " COALESCE(SUM(CASE WHEN status = 'pending' THEN 1 ELSE 0 END), 0),"
                            + " COALESCE(SUM(CASE WHEN status = 'pending' AND lease_until > n.t"
                            + " THEN 1 ELSE 0 END), 0),"
                            + " COALESCE(SUM(CASE WHEN status = 'dead' THEN 1 ELSE 0 END), 0),"
                            + " COALESCE(SUM(CASE WHEN status = 'delivered' THEN 1 ELSE 0 END),"
                            + " 0),"
                            + " COALESCE(SUM(CASE WHEN status = 'skipped' THEN 1 ELSE 0 END), 0),"
                            + " MIN(CASE WHEN status IN ('pending', 'dead') THEN created_at END),"
                            + " MIN(n.t) FROM "
                            + Dialect.TABLE
                            + " CROSS JOIN (SELECT NOW AS t) n"))
                .map(
                    (rs, ctx) -> {
                      long oldest = rs.getLong(6);
                      boolean none = rs.wasNull();
                      long now = rs.getLong(7);
                      Duration age = none ? null : Duration.ofMillis(Math.max(0, now - oldest));
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

  private static OutboxRow map(ResultSet rs, @Nullable StatementContext ctx) throws SQLException {
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
        rs.getLong("next_at"),
        TraceContexts.read(rs.getString("trace_context")));
  }
}
