package dev.jsignals.spring;

import dev.jsignals.jdbi.CommitScheduler;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * After-commit hooks ({@code event.onCommit(hook)}) timed by Spring's transactions: inside a
 * Spring-managed transaction a hook runs after that transaction commits (the outer one, for a
 * {@code REQUIRED} method called from another), never after a rollback. A {@code REQUIRES_NEW}
 * method's hooks follow its own transaction; a {@code NESTED} method's hooks are dropped when it
 * rolls back to its savepoint and otherwise run after the outer commit. Outside a Spring
 * transaction the hook is Jdbi's ({@link CommitScheduler#jdbi()}). A hook given twice in one
 * transaction runs once.
 *
 * <p>Stateless and thread-safe; each transaction's hooks are held by the transaction.
 */
public final class SpringCommitScheduler implements CommitScheduler {
  private static final CommitScheduler JDBI = CommitScheduler.jdbi();

  /** Creates the scheduler. */
  public SpringCommitScheduler() {}

  @Override
  public void schedule(Handle handle, Runnable hook) {
    if (!TransactionSynchronizationManager.isSynchronizationActive()
        || !TransactionSynchronizationManager.isActualTransactionActive()) {
      JDBI.schedule(handle, hook);
      return;
    }
    Hooks hooks = (Hooks) TransactionSynchronizationManager.getResource(Hooks.class);
    if (hooks == null) {
      hooks = new Hooks();
      TransactionSynchronizationManager.bindResource(Hooks.class, hooks);
      TransactionSynchronizationManager.registerSynchronization(hooks);
    }
    hooks.add(hook);
  }

  /** The hooks of one transaction, in order, with the marks of its open savepoints. */
  private static final class Hooks implements TransactionSynchronization {
    private final List<Runnable> hooks = new ArrayList<>();
    private final Set<Runnable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    private final List<Object> savepoints = new ArrayList<>();
    private final List<Integer> marks = new ArrayList<>();

    void add(Runnable hook) {
      if (seen.add(hook)) {
        hooks.add(hook);
      }
    }

    @Override
    public void suspend() {
      TransactionSynchronizationManager.unbindResource(Hooks.class);
    }

    @Override
    public void resume() {
      TransactionSynchronizationManager.bindResource(Hooks.class, this);
    }

    @Override
    public void savepoint(Object savepoint) {
      savepoints.add(savepoint);
      marks.add(hooks.size());
    }

    @Override
    public void savepointRollback(Object savepoint) {
      int at = savepoints.lastIndexOf(savepoint);
      if (at < 0) {
        return;
      }
      int mark = marks.get(at);
      List<Runnable> dropped = hooks.subList(mark, hooks.size());
      dropped.forEach(seen::remove);
      dropped.clear();
      savepoints.subList(at, savepoints.size()).clear();
      marks.subList(at, marks.size()).clear();
    }

    @Override
    public void beforeCompletion() {
      TransactionSynchronizationManager.unbindResourceIfPossible(Hooks.class);
    }

    @Override
    public void afterCommit() {
      for (Runnable hook : hooks) {
        hook.run(); // isolated by signals-jdbi: logs its own failure, never throws
      }
    }

    @Override
    public void afterCompletion(int status) {
      hooks.clear();
      seen.clear();
    }
  }
}
