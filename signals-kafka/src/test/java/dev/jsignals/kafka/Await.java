package dev.jsignals.kafka;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits, with a generous bound, for something observed to happen. */
final class Await {
  private Await() {}

  static void until(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Timed out after 90 s waiting until " + what);
      }
      Thread.sleep(20);
    }
  }
}
