package dev.jsignals.outbox;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for an observed condition, with a generous bound. */
final class Await {
  private Await() {}

  /** Returns whether {@code condition} held before {@code limit} passed, polling every 20 ms. */
  static boolean until(BooleanSupplier condition, Duration limit) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return true;
      }
      Thread.sleep(20);
    }
    return condition.getAsBoolean();
  }
}
