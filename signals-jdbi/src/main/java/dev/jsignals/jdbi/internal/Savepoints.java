package dev.jsignals.jdbi.internal;

import dev.jsignals.dispatch.ReceiverIsolation;
import java.util.concurrent.atomic.AtomicLong;
import org.jdbi.v3.core.Handle;

/** Runs each receiver of a robust send in a savepoint of the write's transaction. */
final class Savepoints {
  private static final AtomicLong NAMES = new AtomicLong();

  private Savepoints() {}

  static ReceiverIsolation around(Handle handle) {
    return call -> {
      String name = "jsignals_receiver_" + NAMES.incrementAndGet();
      handle.savepoint(name);
      Object response;
      try {
        response = call.call();
      } catch (Exception e) {
        handle.rollbackToSavepoint(name);
        throw e;
      }
      handle.releaseSavepoint(name);
      return response;
    };
  }
}
