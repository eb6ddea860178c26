package dev.jsignals.jdbi.internal;

import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import org.jdbi.v3.core.Handle;
import org.jspecify.annotations.Nullable;

/** Runs each receiver of a robust send in a savepoint of the write's transaction. */
final class Savepoints {
  private static final AtomicLong NAMES = new AtomicLong();

  private Savepoints() {}

  static UnaryOperator<Callable<@Nullable Object>> around(Handle handle) {
    return call ->
        () -> {
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
