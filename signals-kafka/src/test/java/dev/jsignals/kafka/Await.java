package dev.jsignals.kafka;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/** Waits, with a generous bound, for something observed to happen. */
final class Await {
  private static final Duration STALL = Duration.ofSeconds(90);
  private static final Duration LONGEST = Duration.ofMinutes(10);

  private Await() {}

  static void until(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + STALL.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Timed out after 90 s waiting until " + what);
      }
      Thread.sleep(20);
    }
  }

  /**
   * Waits until a count reaches its target for as long as it grows: fails once it has not grown for
   * 90 s (or after 10 minutes in all), with what {@code state} says at that moment. A busy machine
   * slows the count down; only a stall fails.
   */
  static void untilCount(String what, LongSupplier count, long target, Supplier<String> state)
      throws InterruptedException {
    long start = System.nanoTime();
    long last = count.getAsLong();
    long lastGrowth = start;
    while (last < target) {
      Thread.sleep(20);
      long now = System.nanoTime();
      long current = count.getAsLong();
      if (current > last) {
        last = current;
        lastGrowth = now;
      } else if (now - lastGrowth > STALL.toNanos() || now - start > LONGEST.toNanos()) {
        throw new AssertionError(
            String.format(
                "Timed out waiting until %s: %d of %d after %d s, none more in the last %d s; %s",
                what,
                current,
                target,
                Duration.ofNanos(now - start).toSeconds(),
                Duration.ofNanos(now - lastGrowth).toSeconds(),
                state.get()));
      }
    }
  }
}
