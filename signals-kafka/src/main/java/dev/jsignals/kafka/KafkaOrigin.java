package dev.jsignals.kafka;

import dev.jsignals.core.ModelEvent;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a model event received from Kafka came from, with its event id for de-duplication. A
 * receiver finds it with {@link #of(ModelEvent)}, or {@code
 * event.context().unwrap(KafkaOrigin.class)}. An immutable value; thread-safe.
 *
 * @param eventId the event's stable id, the same on every delivery of one event
 * @param topic the record's topic
 * @param partition the record's partition
 * @param offset the record's offset in its partition
 * @param traceContext the W3C trace context of the write that raised the event ({@code
 *     traceparent}, and {@code tracestate} when any), from the record's CloudEvents tracing
 *     extension; empty when the write was not traced. A receiver continues the trace from it
 */
public record KafkaOrigin(
    String eventId, String topic, int partition, long offset, Map<String, String> traceContext) {

  /**
   * Checks the arguments.
   *
   * @param eventId see {@link #eventId()}
   * @param topic see {@link #topic()}
   * @param partition see {@link #partition()}
   * @param offset see {@link #offset()}
   * @param traceContext see {@link #traceContext()}; {@code null} is taken as none
   * @throws NullPointerException if {@code eventId} or {@code topic} is null
   */
  public KafkaOrigin {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(topic, "topic");
    traceContext = traceContext == null ? Map.of() : Map.copyOf(traceContext);
  }

  /**
   * An origin without a trace context.
   *
   * @param eventId see {@link #eventId()}
   * @param topic see {@link #topic()}
   * @param partition see {@link #partition()}
   * @param offset see {@link #offset()}
   * @throws NullPointerException if {@code eventId} or {@code topic} is null
   */
  public KafkaOrigin(String eventId, String topic, int partition, long offset) {
    this(eventId, topic, partition, offset, Map.of());
  }

  /**
   * The origin of an event, if it was received from Kafka.
   *
   * @param event a model event
   * @return its origin, or empty if the event was raised in this process
   */
  public static Optional<KafkaOrigin> of(ModelEvent<?> event) {
    return event.context().unwrap(KafkaOrigin.class);
  }
}
