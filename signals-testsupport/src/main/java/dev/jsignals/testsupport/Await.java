package dev.jsignals.testsupport;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Waits for something observed to happen, with a generous bound, polling every 20 ms: never for a
 * wall-clock guess. Stateless; callable from any thread.
 */
public final class Await {
  private static final Duration STALL = Duration.ofSeconds(90);
  private static final Duration LONGEST = Duration.ofMinutes(10);

  private Await() {}

  /**
   * Returns whether {@code condition} held before {@code limit} passed.
   *
   * @param condition what to wait for
   * @param limit how long to wait at most
   * @return whether it held
   * @throws InterruptedException if interrupted while waiting
   */
  public static boolean until(BooleanSupplier condition, Duration limit)
      throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return true;
      }
      Thread.sleep(20);
    }
    return condition.getAsBoolean();
  }

  /**
   * Waits until {@code condition} holds; fails after 90 s.
   *
   * @param what the condition, for the failure's message
   * @param condition what to wait for
   * @throws InterruptedException if interrupted while waiting
   * @throws AssertionError if it did not hold in time
   */
  public static void until(String what, BooleanSupplier condition) throws InterruptedException {
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
   *
   * @param what the count, for the failure's message
   * @param count reads the count
   * @param target the count to reach
   * @param state what to report on failure
   * @throws InterruptedException if interrupted while waiting
   * @throws AssertionError on a stall
   */
  public static void untilCount(
      String what, LongSupplier count, long target, Supplier<String> state)
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
