package dev.jsignals.outbox;

import java.util.Map;

/**
 * Carries a trace context from a durable write to its delivery: {@link #capture()} reads the
 * writer's current context when the outbox row is written, the row keeps it, and {@link #restore}
 * runs the delivery inside it on a relay's thread, so that what the receiver does belongs to the
 * write's trace. Set one with {@link OutboxBuilder#propagation(TracePropagation)}; without one
 * nothing is captured and a delivery runs as it is (the default, at no cost). The Spring Boot
 * starter sets one over Micrometer Tracing when a {@code Tracer} and a {@code Propagator} exist.
 *
 * <p>The context is a small map of W3C Trace Context fields, as their HTTP headers name them:
 * {@value #TRACEPARENT}, {@value #TRACESTATE} when there is one, and {@code baggage} if the
 * implementation carries it. It is stored beside the row's payload (not inside it, so that a
 * message broker target publishes the payload unchanged), and every {@link DeliveryTarget} can read
 * it from {@link OutboxRow#traceContext()}: the Kafka target sends it as the CloudEvents
 * distributed-tracing extension.
 *
 * <p>Implementations must be thread-safe: {@link #capture()} is called on every writer's thread,
 * {@link #restore} on the relays' receiver threads, concurrently.
 */
public interface TracePropagation {
  /** The W3C Trace Context field naming the trace and the parent span. */
  String TRACEPARENT = "traceparent";

  /** The W3C Trace Context field of vendor-specific trace state. */
  String TRACESTATE = "tracestate";

  /**
   * The calling thread's current trace context. Called on the writer's thread, inside the write's
   * transaction, once for each outbox row the write adds: keep it fast, with no I/O. An exception
   * fails the write (it is rolled back), as any other failure of a durable receiver's recording.
   *
   * @return the context's fields (such as {@value #TRACEPARENT}), or an empty map when the thread
   *     is not inside a trace: then the row carries none
   */
  Map<String, String> capture();

  /**
   * Runs one delivery inside a carried context: typically in a span that is a child of the write's
   * span, named after the receiver, made current for the call and ended when it returns. Called on
   * a relay's receiver thread for each delivery to a durable receiver of the outbox (not for raw
   * {@link Outbox#route routed} targets, which read {@link OutboxRow#traceContext()} themselves).
   * Must call {@code delivery} exactly once, and let its exception through unchanged: the outbox
   * decides from it whether to retry. The delivery may be interrupted at its deadline.
   *
   * @param carried what {@link #capture()} returned when the row was written; empty when the write
   *     was not inside a trace (or the row was written before a propagation was set): run the
   *     delivery in no trace or in a new one
   * @param receiver the durable receiver's uid, to name a span after
   * @param delivery the delivery to run
   * @throws Exception what {@code delivery} threw
   */
  void restore(Map<String, String> carried, String receiver, Call delivery) throws Exception;

  /** A delivery, run by {@link #restore}. */
  @FunctionalInterface
  interface Call {
    /**
     * Runs the delivery.
     *
     * @throws Exception if the delivery failed
     */
    void run() throws Exception;
  }
}
