package dev.jsignals.spring;

import org.springframework.transaction.TransactionExecution;
import org.springframework.transaction.TransactionExecutionListener;
import org.springframework.transaction.support.DefaultTransactionStatus;

/**
 * Refuses, at once, a new SQLite transaction started on a thread whose outer transaction is
 * suspended ({@code REQUIRES_NEW}): the outer one holds SQLite's write lock (jsignals' SQLite data
 * sources begin with {@code BEGIN IMMEDIATE}), so the new one would wait for it until the busy
 * timeout and then fail with {@code SQLITE_BUSY}. A read-only new transaction is let through: WAL
 * readers do not wait for the writer. Stateless and thread-safe.
 */
final class SqliteRequiresNewGuard implements TransactionExecutionListener {

  @Override
  public void beforeBegin(TransactionExecution transaction) {
    if (transaction instanceof DefaultTransactionStatus status
        && status.getSuspendedResources() != null
        && !status.isReadOnly()) {
      throw new IllegalStateException(
          "A REQUIRES_NEW transaction"
              + (status.getTransactionName().isEmpty()
                  ? ""
                  : " (" + status.getTransactionName() + ")")
              + " cannot start on SQLite while this thread's outer transaction holds the"
              + " database's only write lock: it would wait for itself until the busy timeout."
              + " Use REQUIRED or NESTED (a savepoint in the same transaction), run the work"
              + " after the commit (event.onCommit), or mark it read-only.");
    }
  }
}
