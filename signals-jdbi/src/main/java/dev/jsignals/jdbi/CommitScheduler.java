package dev.jsignals.jdbi;

import org.jdbi.v3.core.Handle;

/**
 * Runs a hook after the outermost commit of a handle's transaction: what {@code
 * event.onCommit(hook)} uses. The default is {@link #jdbi()}; replace it to hand hooks to an outbox
 * or a queue. A hook given again (the same object) in one transaction, as an outbox's wake-up is by
 * every row it records, is scheduled once: a transaction of any number of rows holds its distinct
 * hooks only.
 */
@FunctionalInterface
public interface CommitScheduler {

  /**
   * Schedules a hook. The hook given is already isolated: it logs its own failure and never throws.
   *
   * @param handle the handle of the write
   * @param hook what to run after the commit, never after a rollback
   */
  void schedule(Handle handle, Runnable hook);

  /**
   * Jdbi's own {@link Handle#afterCommit(Runnable)}: after the outermost commit, at once when no
   * transaction is open.
   *
   * @return the scheduler
   */
  static CommitScheduler jdbi() {
    return (handle, hook) -> {
      if (handle.isInTransaction()) {
        handle.afterCommit(hook);
      } else {
        hook.run();
      }
    };
  }
}
