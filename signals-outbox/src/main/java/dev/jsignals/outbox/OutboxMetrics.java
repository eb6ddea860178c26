package dev.jsignals.outbox;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.Objects;
import java.util.function.ToDoubleFunction;
import org.jspecify.annotations.Nullable;

/**
 * Micrometer meters of an outbox (Micrometer is an optional dependency: add {@code
 * io.micrometer:micrometer-core} to use this class). Gauges {@code jsignals.outbox.pending}, {@code
 * .dead}, {@code .oldest.age} (seconds, 0 when none), read from the database at most once a second;
 * counters {@code .attempts}, {@code .delivered}, {@code .failures}, {@code .fenced}, {@code
 * .renewals} of this process's relay. Thread-safe.
 */
public final class OutboxMetrics implements MeterBinder {
  private final Outbox outbox;
  private final long refreshNanos;
  private @Nullable OutboxStatus last;
  private long readAt;

  /**
   * Meters for one outbox, its gauges read from the database at most once a second.
   *
   * @param outbox the outbox
   */
  public OutboxMetrics(Outbox outbox) {
    this(outbox, Duration.ofSeconds(1));
  }

  /**
   * Meters for one outbox.
   *
   * @param outbox the outbox
   * @param refresh how long the gauges reuse one reading of the database; zero reads every time
   */
  public OutboxMetrics(Outbox outbox, Duration refresh) {
    this.outbox = Objects.requireNonNull(outbox, "outbox");
    this.refreshNanos = Objects.requireNonNull(refresh, "refresh").toNanos();
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    gauge(registry, "jsignals.outbox.pending", "rows waiting for delivery", s -> s.pending());
    gauge(registry, "jsignals.outbox.dead", "rows dead, each parking its key", s -> s.dead());
    gauge(
        registry,
        "jsignals.outbox.oldest.age",
        "seconds since the oldest undelivered row was written",
        s -> s.oldestPending() == null ? 0 : s.oldestPending().toMillis() / 1000.0);
    // The outbox is the counters' state object: the application holds it, so the meters' weak
    // reference to it lives as long as the outbox does.
    counter(registry, "jsignals.outbox.attempts", o -> o.counters().attempts());
    counter(registry, "jsignals.outbox.delivered", o -> o.counters().delivered());
    counter(registry, "jsignals.outbox.failures", o -> o.counters().failed());
    counter(registry, "jsignals.outbox.fenced", o -> o.counters().fenced());
    counter(registry, "jsignals.outbox.renewals", o -> o.counters().renewals());
  }

  private void gauge(
      MeterRegistry registry, String name, String help, ToDoubleFunction<OutboxStatus> value) {
    // Held strongly: nothing else keeps this object, and a collected gauge reads NaN.
    Gauge.builder(name, this, m -> value.applyAsDouble(m.status()))
        .description(help)
        .strongReference(true)
        .register(registry);
  }

  private void counter(MeterRegistry registry, String name, ToDoubleFunction<Outbox> value) {
    FunctionCounter.builder(name, outbox, value).register(registry);
  }

  private synchronized OutboxStatus status() {
    long now = System.nanoTime();
    if (last == null || now - readAt >= refreshNanos) {
      last = outbox.status();
      readAt = now;
    }
    return last;
  }
}
