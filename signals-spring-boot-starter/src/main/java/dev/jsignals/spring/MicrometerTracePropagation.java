package dev.jsignals.spring;

import dev.jsignals.outbox.TracePropagation;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The outbox's trace propagation over Micrometer Tracing: captures the current span's context with
 * the application's {@link Propagator} (W3C {@code traceparent}, {@code tracestate}, and baggage
 * where the propagator carries it), and runs each delivery in a span {@code jsignals.deliver
 * <receiver>} of kind {@code CONSUMER}, a child of the write's span, or the root of a new trace
 * when the write carried none. Thread-safe, as the tracer and the propagator are.
 */
final class MicrometerTracePropagation implements TracePropagation {
  /** The name of a delivery's span, followed by the receiver's uid. */
  static final String SPAN = "jsignals.deliver";

  private final Tracer tracer;
  private final Propagator propagator;

  MicrometerTracePropagation(Tracer tracer, Propagator propagator) {
    this.tracer = tracer;
    this.propagator = propagator;
  }

  @Override
  public Map<String, String> capture() {
    Span current = tracer.currentSpan();
    if (current == null) {
      return Map.of();
    }
    Map<String, String> carrier = new LinkedHashMap<>();
    propagator.inject(current.context(), carrier, Map::put);
    return carrier;
  }

  @Override
  public void restore(Map<String, String> carried, String receiver, Call delivery)
      throws Exception {
    Span span;
    // Nothing current leaks in: the span's parent is the carried context, or none.
    Tracer.SpanInScope cleared = tracer.withSpan(null);
    try {
      span =
          propagator
              .extract(carried, Map::get)
              .name(SPAN + " " + receiver)
              .kind(Span.Kind.CONSUMER)
              .start();
    } finally {
      cleared.close();
    }
    Tracer.SpanInScope scope = tracer.withSpan(span);
    try {
      delivery.run();
    } catch (Exception | Error e) {
      span.error(e);
      throw e;
    } finally {
      scope.close();
      span.end();
    }
  }
}
