package dev.jsignals.jdbi.internal;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.config.JdbiConfig;

/**
 * The after-commit hooks already scheduled in a handle's open transaction, by identity: a hook
 * given again in the same transaction (such as an outbox's one wake-up, registered by each of
 * 50,000 rows of an import) is scheduled once, so what a transaction holds grows with its distinct
 * hooks, not with its rows. Emptied at the commit or rollback. Public because Jdbi instantiates
 * configuration classes; a copy is made per handle, confined to its thread as the handle is.
 */
public final class CommitHooks implements JdbiConfig<CommitHooks> {
  private final Set<Runnable> scheduled = Collections.newSetFromMap(new IdentityHashMap<>());

  /** Creates an empty set; Jdbi calls it. */
  public CommitHooks() {}

  /**
   * Records a hook of the handle's open transaction.
   *
   * @return whether it is new in this transaction, so to be scheduled
   */
  boolean firstInTransaction(Handle handle, Runnable hook) {
    if (scheduled.isEmpty()) {
      handle.afterCommit(scheduled::clear); // before the transaction's hooks run
      handle.afterRollback(scheduled::clear);
    }
    return scheduled.add(hook);
  }

  /** {@return how many distinct hooks the open transaction holds} */
  int size() {
    return scheduled.size();
  }

  @Override
  public CommitHooks createCopy() {
    return new CommitHooks(); // a new handle starts with no transaction
  }
}
