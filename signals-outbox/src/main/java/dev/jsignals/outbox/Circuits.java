package dev.jsignals.outbox;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One circuit breaker per target, in this relay: a target found unreachable is paused (its rows are
 * not claimed) for a wait that doubles with each outage found in a row, from {@code first} up to
 * {@code max}; when the wait ends its rows are claimed again, and the first delivery is the probe:
 * success closes the circuit, another outage opens it again for longer. Thread-safe.
 */
final class Circuits {
  private final long first;
  private final long max;
  private final Map<String, Open> open = new ConcurrentHashMap<>();

  private record Open(long untilNanos, int outages, long waitMillis) {}

  Circuits(Duration first, Duration max) {
    this.first = first.toMillis();
    this.max = Math.max(this.first, max.toMillis());
  }

  /** {@return the targets whose circuit is closed or due for a probe} */
  Set<String> claimable(Set<String> targets) {
    long now = System.nanoTime();
    Set<String> ready = new LinkedHashSet<>();
    for (String target : targets) {
      Open state = open.get(target);
      if (state == null || now - state.untilNanos >= 0) {
        ready.add(target);
      }
    }
    return ready;
  }

  /** {@return how long the target is still paused, in ms; 0 when it may be tried} */
  long pausedFor(String target) {
    Open state = open.get(target);
    return state == null ? 0 : Math.max(0, (state.untilNanos - System.nanoTime()) / 1_000_000);
  }

  /**
   * Opens (or re-opens) the target's circuit after an outage.
   *
   * @return the pause in ms, or 0 if an outage was already recorded and the circuit is still open
   */
  long opened(String target) {
    long[] wait = {0};
    open.compute(
        target,
        (name, state) -> {
          long now = System.nanoTime();
          if (state != null && now - state.untilNanos < 0) {
            return state;
          }
          int outages = state == null ? 1 : state.outages + 1;
          long millis = (long) Math.min((double) max, first * Math.pow(2, outages - 1));
          wait[0] = millis;
          return new Open(now + millis * 1_000_000, outages, millis);
        });
    return wait[0];
  }

  /** Closes the target's circuit: it delivered. */
  void closed(String target) {
    open.remove(target);
  }
}
