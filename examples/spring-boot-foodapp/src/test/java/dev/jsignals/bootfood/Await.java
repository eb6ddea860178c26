package dev.jsignals.bootfood;

import java.time.Duration;
import java.util.function.Supplier;

/** Waits for an observed state, with a generous deadline for a busy machine. */
final class Await {
  private static final Duration DEADLINE = Duration.ofMinutes(3);

  private Await() {}

  static void until(String what, Supplier<Boolean> condition) throws InterruptedException {
    long end = System.nanoTime() + DEADLINE.toNanos();
    while (!condition.get()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("waited " + DEADLINE + " for " + what);
      }
      Thread.sleep(50);
    }
  }
}
