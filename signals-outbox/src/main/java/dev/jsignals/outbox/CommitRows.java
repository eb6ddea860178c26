package dev.jsignals.outbox;

import java.lang.ref.WeakReference;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Handles;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.jdbi.v3.core.transaction.TransactionHandler;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.jdbc.AutoSave;

/**
 * PostgreSQL: holds a transaction's outbox rows until its commit, then sends them with the {@code
 * COMMIT} in one round trip ({@link Store#flush}): the write's transaction takes one round trip
 * less than when each row is inserted as it is recorded. Installed as the Jdbi's transaction
 * handler, a decorator of the one it had, so that every commit of a handle opened afterwards passes
 * here.
 *
 * <p>A row is held only when its flush is certain to run inside its transaction, before its commit
 * ({@link Bound#defer}): the handle was opened with this handler and began its transaction through
 * it (not through a connection handed over already in a transaction, such as a Spring-managed one),
 * no savepoint was taken in the transaction through Jdbi, the handle rolls an unfinished
 * transaction back when closed, and the driver wraps no statement in savepoints of its own ({@code
 * autosave}). Otherwise the row is inserted at once, as on SQLite. Savepoints taken on the
 * connection behind Jdbi's back, and commits on the connection itself, are not seen: such
 * transactions must use an outbox built with {@link OutboxBuilder#rowsWithCommit(boolean)
 * rowsWithCommit(false)}.
 *
 * <p>Rows held keep their order: the first ones are sent as one batch, the last one with the {@code
 * COMMIT} ({@link Store#flush}); the upsert of each key's counter row still locks the key until the
 * commit, so per key, sequence order is commit order. When a held row cannot be written the server
 * skips the {@code COMMIT}: the whole transaction is rolled back and the commit throws, naming the
 * row. A savepoint taken through Jdbi first writes the rows held (rows written inside a savepoint
 * are rolled back with it, as before); so does the {@value #HELD_LIMIT}th row held, so that a long
 * transaction holds few rows in memory and writes them a batch per round trip.
 *
 * <p>Thread-safe: the map of handles is synchronized; each handle's {@link Bound} is confined to
 * the thread using the handle, as the handle is.
 */
final class CommitRows implements TransactionHandler {
  /**
   * The most rows a transaction holds: at this many they are written as one batch, inside the
   * transaction, and the next ones are held again.
   */
  static final int HELD_LIMIT = 100;

  private final TransactionHandler delegate;
  private final Store store;
  private final Map<Handle, Bound> handles = Collections.synchronizedMap(new WeakHashMap<>());

  private CommitRows(TransactionHandler delegate, Store store) {
    this.delegate = delegate;
    this.store = store;
  }

  /**
   * Decorates the transaction handler of {@code jdbi}, unless an outbox did already; handles opened
   * before keep theirs, and write their rows at once.
   */
  static CommitRows install(Jdbi jdbi, Store store) {
    synchronized (jdbi) {
      if (jdbi.getTransactionHandler() instanceof CommitRows installed) {
        return installed;
      }
      CommitRows rows = new CommitRows(jdbi.getTransactionHandler(), store);
      jdbi.setTransactionHandler(rows);
      return rows;
    }
  }

  /**
   * Holds a row until the commit of {@code handle}'s transaction, if that is safe.
   *
   * @param values the row's values, as {@link Store#insert} takes them
   * @return whether it is held; if not, the caller inserts it at once
   */
  boolean defer(Handle handle, String[] values) {
    Bound bound = handles.get(handle);
    return bound != null && bound.defer(handle, values);
  }

  @Override
  public TransactionHandler specialize(Handle handle) throws SQLException {
    Bound bound = new Bound(handle, delegate.specialize(handle));
    handles.put(handle, bound);
    return bound;
  }

  // Handles call the handler specialize gave them; these serve anyone holding this one unbound.

  @Override
  public void begin(Handle handle) {
    delegate.begin(handle);
  }

  @Override
  public void commit(Handle handle) {
    delegate.commit(handle);
  }

  @Override
  public void rollback(Handle handle) {
    delegate.rollback(handle);
  }

  @Override
  public boolean isInTransaction(Handle handle) {
    return delegate.isInTransaction(handle);
  }

  @Override
  public void savepoint(Handle handle, String name) {
    delegate.savepoint(handle, name);
  }

  @Override
  public void rollbackToSavepoint(Handle handle, String name) {
    delegate.rollbackToSavepoint(handle, name);
  }

  @Override
  public void releaseSavepoint(Handle handle, String name) {
    delegate.releaseSavepoint(handle, name);
  }

  @Override
  public <R, X extends Exception> R inTransaction(Handle handle, HandleCallback<R, X> callback)
      throws X {
    return delegate.inTransaction(handle, callback);
  }

  @Override
  public <R, X extends Exception> R inTransaction(
      Handle handle, TransactionIsolationLevel level, HandleCallback<R, X> callback) throws X {
    return delegate.inTransaction(handle, level, callback);
  }

  /**
   * The handler of one handle: the rows its open transaction holds. Its delegate, the handle's own
   * bound handler, begins and ends transactions through {@link Handle#begin()} and {@link
   * Handle#commit()}, which come back here. Confined to the handle's thread.
   */
  private final class Bound implements TransactionHandler {
    private final WeakReference<Handle> owner;
    private final TransactionHandler delegate;
    private final List<String[]> held = new ArrayList<>();
    private @Nullable Boolean driverSavesNothing;

    /** Whether the open transaction began here (not on a connection handed over in one). */
    private boolean began;

    /** Whether the open transaction took a savepoint through Jdbi: its rows go at once. */
    private boolean savepointed;

    /** Why held rows failed outside a commit (at a savepoint): the commit must roll back. */
    private @Nullable RuntimeException failed;

    /** Whether a failed flush rolled the transaction back already. */
    private boolean rolledBack;

    Bound(Handle handle, TransactionHandler delegate) {
      this.owner = new WeakReference<>(handle);
      this.delegate = delegate;
    }

    boolean defer(Handle handle, String[] values) {
      if (owner.get() != handle
          || !began
          || savepointed
          || failed != null
          || !delegate.isInTransaction(handle)
          || !handle.getConfig(Handles.class).isForceEndTransactions()
          || !driverSavesNothing(handle)) {
        return false;
      }
      held.add(values);
      if (held.size() >= HELD_LIMIT) {
        writeHeld(handle); // a long transaction (an import) holds at most this many in memory
      }
      return true;
    }

    /**
     * Writes the rows held so far inside the transaction (one batch, one round trip). When one is
     * refused the transaction is aborted: the failure is kept, so that its commit throws too.
     */
    private void writeHeld(Handle handle) {
      if (held.isEmpty()) {
        return;
      }
      List<String[]> rows = List.copyOf(held);
      held.clear();
      try {
        store.flush(handle, rows, false);
      } catch (UnableToExecuteStatementException e) {
        failed = e; // the transaction is aborted: its commit must fail, not end in silence
        throw e;
      }
    }

    /**
     * Whether pgjdbc sends the statements as given: no savepoint around each ({@code autosave}).
     */
    private boolean driverSavesNothing(Handle handle) {
      if (driverSavesNothing == null) {
        boolean never;
        try {
          Connection connection = handle.getConnection();
          never =
              connection.isWrapperFor(PGConnection.class)
                  && connection.unwrap(PGConnection.class).getAutosave() == AutoSave.NEVER;
        } catch (SQLException | LinkageError e) {
          never = false;
        }
        driverSavesNothing = never;
      }
      return driverSavesNothing;
    }

    @Override
    public void begin(Handle handle) {
      boolean open = began && delegate.isInTransaction(handle);
      delegate.begin(handle);
      if (open) {
        return; // begun again inside its transaction: the rows it holds stay for its commit
      }
      held.clear();
      began = true;
      savepointed = false;
      failed = null;
      rolledBack = false;
    }

    @Override
    public void commit(Handle handle) {
      if (failed != null) {
        RuntimeException cause = failed;
        rollBack(handle, cause);
        throw cause;
      }
      if (!held.isEmpty()) {
        List<String[]> rows = List.copyOf(held);
        held.clear();
        try {
          store.flush(handle, rows, true);
        } catch (UnableToExecuteStatementException e) {
          // The server skipped the COMMIT: the transaction is aborted, and must be rolled back.
          rollBack(handle, e);
          throw e;
        }
      }
      began = false;
      // Sends nothing when the rows took the COMMIT (pgjdbc sees the transaction ended).
      delegate.commit(handle);
    }

    private void rollBack(Handle handle, RuntimeException cause) {
      try {
        handle.rollback(); // through the handle, so that its after-rollback callbacks run
      } catch (RuntimeException e) {
        cause.addSuppressed(e);
      }
      rolledBack = true;
    }

    @Override
    public void rollback(Handle handle) {
      held.clear();
      began = false;
      failed = null;
      if (rolledBack) {
        rolledBack = false; // the failed commit rolled back already: the caller's rollback
        return;
      }
      delegate.rollback(handle);
    }

    @Override
    public boolean isInTransaction(Handle handle) {
      return delegate.isInTransaction(handle);
    }

    @Override
    public void savepoint(Handle handle, String name) {
      // Rows written inside the savepoint go at once; those held go first, to keep their order.
      writeHeld(handle);
      savepointed = true;
      delegate.savepoint(handle, name);
    }

    @Override
    public void rollbackToSavepoint(Handle handle, String name) {
      delegate.rollbackToSavepoint(handle, name);
    }

    @Override
    public void releaseSavepoint(Handle handle, String name) {
      delegate.releaseSavepoint(handle, name);
    }

    @Override
    public <R, X extends Exception> R inTransaction(Handle handle, HandleCallback<R, X> callback)
        throws X {
      return delegate.inTransaction(handle, callback);
    }

    @Override
    public <R, X extends Exception> R inTransaction(
        Handle handle, TransactionIsolationLevel level, HandleCallback<R, X> callback) throws X {
      return delegate.inTransaction(handle, level, callback);
    }
  }
}
