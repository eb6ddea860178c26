package dev.jsignals.kafka;

import dev.jsignals.core.ModelEvent;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One model event ready to publish: what a relay hands to {@link KafkaPublisher}. An immutable
 * value (the payload array is not copied: do not change it); thread-safe.
 *
 * @param eventId the event's stable id, sent as the CloudEvents {@code id}
 * @param signal the signal's Django name, such as {@code post_save}
 * @param model the model's class name (the instance's class), which picks the topic
 * @param sender the sender's class name: the model, or the join type for {@code m2m_changed}
 * @param key the record key: the model and the primary key, so one instance's events share a
 *     partition and stay in order
 * @param payload the event as {@link ModelEventCodec} writes it
 * @param time when the event happened, sent as the CloudEvents {@code time}: for an outbox row,
 *     when the row was written in the write's transaction
 * @param traceContext the W3C trace context of the write ({@code traceparent}, {@code tracestate}),
 *     or empty: sent as the CloudEvents distributed-tracing extension
 */
public record OutboundEvent(
    String eventId,
    String signal,
    String model,
    String sender,
    String key,
    byte[] payload,
    Instant time,
    Map<String, String> traceContext) {

  /**
   * Checks that no argument is null or blank.
   *
   * @param eventId see {@link #eventId()}
   * @param signal see {@link #signal()}
   * @param model see {@link #model()}
   * @param sender see {@link #sender()}
   * @param key see {@link #key()}
   * @param payload see {@link #payload()}
   * @param time see {@link #time()}
   * @param traceContext see {@link #traceContext()}; {@code null} is taken as none
   * @throws IllegalArgumentException naming the first null or blank argument
   */
  public OutboundEvent {
    require(eventId, "eventId");
    require(signal, "signal");
    require(model, "model");
    require(sender, "sender");
    require(key, "key");
    if (payload == null) {
      throw new IllegalArgumentException("OutboundEvent: payload is null");
    }
    if (time == null) {
      throw new IllegalArgumentException("OutboundEvent: time is null");
    }
    traceContext = traceContext == null ? Map.of() : Map.copyOf(traceContext);
  }

  /**
   * An event without a trace context.
   *
   * @param eventId see {@link #eventId()}
   * @param signal see {@link #signal()}
   * @param model see {@link #model()}
   * @param sender see {@link #sender()}
   * @param key see {@link #key()}
   * @param payload see {@link #payload()}
   * @param time see {@link #time()}
   * @throws IllegalArgumentException naming the first null or blank argument
   */
  public OutboundEvent(
      String eventId,
      String signal,
      String model,
      String sender,
      String key,
      byte[] payload,
      Instant time) {
    this(eventId, signal, model, sender, key, payload, time, Map.of());
  }

  /**
   * Builds the outbound form of a model event: key {@code model:primaryKey}, with the model the
   * instance's class, and the time now.
   *
   * @param eventId the event's stable id
   * @param event a model event
   * @param primaryKey the instance's primary key
   * @param codec writes the payload
   * @return the outbound event
   * @throws IllegalArgumentException if the event cannot be written (see {@link
   *     ModelEventCodec#encode})
   */
  public static OutboundEvent of(
      String eventId, ModelEvent<?> event, Object primaryKey, ModelEventCodec codec) {
    Objects.requireNonNull(primaryKey, "primaryKey");
    String model = event.instance().getClass().getName();
    return new OutboundEvent(
        eventId,
        ModelEventCodec.signalName(event),
        model,
        event.sender().getName(),
        model + ":" + primaryKey,
        codec.encode(event),
        Instant.now());
  }

  private static void require(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("OutboundEvent: " + name + " is null or blank");
    }
  }
}
