package dev.jsignals.dispatch;

import java.util.concurrent.Callable;

/**
 * Wraps each receiver call of {@link Signal#sendRobust(Object, Object, ReceiverIsolation)}, so that
 * one receiver's failure can be undone on its own: signals-jdbi runs each receiver in a database
 * savepoint, since a failed statement aborts the whole transaction on PostgreSQL.
 */
@FunctionalInterface
public interface ReceiverIsolation {

  /**
   * Runs one receiver call.
   *
   * @param receiverCall the call; it returns the receiver's response
   * @return what the call returned
   * @throws Exception what the call threw, after undoing its effects
   */
  Object call(Callable<Object> receiverCall) throws Exception;
}
