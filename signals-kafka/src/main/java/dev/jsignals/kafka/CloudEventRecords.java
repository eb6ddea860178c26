package dev.jsignals.kafka;

import io.cloudevents.CloudEvent;
import io.cloudevents.CloudEventData;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.core.message.MessageReader;
import io.cloudevents.kafka.KafkaMessageFactory;
import io.cloudevents.rw.CloudEventRWException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.jspecify.annotations.Nullable;

/**
 * Model events as Kafka records: CloudEvents in binary content mode, written and read by the
 * CloudEvents SDK's Kafka binding, with the {@link EventHeaders} of earlier versions beside them.
 * Stateless; thread-safe.
 */
final class CloudEventRecords {
  /** The header that marks a record in binary content mode. */
  private static final String SPEC_VERSION = "ce_specversion";

  private CloudEventRecords() {}

  /** The trace context fields carried, as extension attributes and as plain headers. */
  private static final List<String> TRACE_FIELDS =
      List.of(EventAttributes.TRACEPARENT, EventAttributes.TRACESTATE);

  /** One event read from a record: what the codec needs to rebuild the typed event. */
  record Incoming(String eventId, String signal, String sender, byte[] payload) {}

  /** The record of an event: the CloudEvent's attributes as headers, the payload as the value. */
  static ProducerRecord<String, byte[]> write(String topic, URI source, OutboundEvent event) {
    CloudEventBuilder builder =
        CloudEventBuilder.v1()
            .withId(event.eventId())
            .withType(EventAttributes.type(event.signal()))
            .withSource(source)
            .withSubject(event.key())
            .withTime(event.time().atOffset(ZoneOffset.UTC))
            .withExtension(EventAttributes.MODEL, event.model())
            .withExtension(EventAttributes.SENDER, event.sender())
            .withData(EventAttributes.CONTENT_TYPE, event.payload());
    for (String field : TRACE_FIELDS) {
      String value = event.traceContext().get(field);
      if (value != null) {
        builder.withExtension(field, value); // ce_traceparent, ce_tracestate
      }
    }
    ProducerRecord<String, byte[]> record =
        KafkaMessageFactory.<String>createWriter(topic, event.key()).writeBinary(builder.build());
    Headers headers = record.headers();
    for (String field : TRACE_FIELDS) {
      String value = event.traceContext().get(field);
      if (value != null) {
        // The W3C headers themselves, which Kafka clients' tracing instrumentation reads.
        headers.add(field, utf8(value));
      }
    }
    // Consumers of versions before CloudEvents read these: written through every 0.x release.
    headers.add(EventHeaders.EVENT_ID, utf8(event.eventId()));
    headers.add(EventHeaders.SIGNAL, utf8(event.signal()));
    headers.add(EventHeaders.MODEL, utf8(event.model()));
    headers.add(EventHeaders.SENDER, utf8(event.sender()));
    return record;
  }

  /**
   * Reads the event of a record: a CloudEvent in binary content mode when it has {@code
   * ce_specversion}, otherwise the {@link EventHeaders} alone.
   *
   * @throws IllegalArgumentException saying why the record is not a model event
   */
  static Incoming read(ConsumerRecord<String, byte[]> record) {
    if (record.headers().lastHeader(SPEC_VERSION) != null) {
      return cloudEvent(record);
    }
    String signal = header(record.headers(), EventHeaders.SIGNAL);
    String sender = header(record.headers(), EventHeaders.SENDER);
    if (signal == null || sender == null) {
      throw new IllegalArgumentException(
          "neither a CloudEvent in binary content mode (no "
              + SPEC_VERSION
              + " header) nor a record with the "
              + EventHeaders.SIGNAL
              + " and "
              + EventHeaders.SENDER
              + " headers");
    }
    if (record.value() == null) {
      throw new IllegalArgumentException("the record has no value");
    }
    return new Incoming(eventId(record), signal, sender, record.value());
  }

  private static Incoming cloudEvent(ConsumerRecord<String, byte[]> record) {
    CloudEvent event;
    try {
      MessageReader reader = KafkaMessageFactory.createReader(record);
      event = reader.toEvent();
    } catch (CloudEventRWException | IllegalStateException e) {
      throw new IllegalArgumentException("not a readable CloudEvent: " + e.getMessage(), e);
    }
    String type = event.getType();
    if (!type.startsWith(EventAttributes.TYPE_PREFIX)) {
      throw new IllegalArgumentException(
          "CloudEvent type '" + type + "' is not " + EventAttributes.TYPE_PREFIX + "<signal>");
    }
    String contentType = event.getDataContentType();
    if (contentType != null && !isJson(contentType)) {
      throw new IllegalArgumentException(
          "CloudEvent " + event.getId() + " has data of type " + contentType + ", not JSON");
    }
    Object sender = event.getExtension(EventAttributes.SENDER);
    if (sender == null) {
      sender = event.getExtension(EventAttributes.MODEL);
    }
    if (sender == null) {
      throw new IllegalArgumentException(
          "CloudEvent "
              + event.getId()
              + " has neither the '"
              + EventAttributes.SENDER
              + "' nor the '"
              + EventAttributes.MODEL
              + "' extension attribute");
    }
    CloudEventData data = event.getData();
    if (data == null) {
      throw new IllegalArgumentException("CloudEvent " + event.getId() + " has no data");
    }
    return new Incoming(
        event.getId(),
        type.substring(EventAttributes.TYPE_PREFIX.length()),
        sender.toString(),
        data.toBytes());
  }

  private static boolean isJson(String contentType) {
    String media = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    return media.equals(EventAttributes.CONTENT_TYPE) || media.endsWith("+json");
  }

  /**
   * The event id of a record, for its origin: {@code ce_id}, else {@link EventHeaders#EVENT_ID},
   * else its topic, partition and offset.
   */
  static String eventId(ConsumerRecord<String, byte[]> record) {
    String id = header(record.headers(), "ce_id");
    if (id == null) {
      id = header(record.headers(), EventHeaders.EVENT_ID);
    }
    return id != null ? id : record.topic() + "/" + record.partition() + "/" + record.offset();
  }

  /**
   * The trace context a record carries: the CloudEvents {@code ce_traceparent} and {@code
   * ce_tracestate}, else the plain W3C headers; empty when it has neither.
   */
  static Map<String, String> traceContext(ConsumerRecord<String, byte[]> record) {
    Map<String, String> context = new LinkedHashMap<>();
    String prefix =
        record.headers().lastHeader("ce_" + EventAttributes.TRACEPARENT) != null ? "ce_" : "";
    for (String field : TRACE_FIELDS) {
      String value = header(record.headers(), prefix + field);
      if (value != null) {
        context.put(field, value);
      }
    }
    return context;
  }

  private static @Nullable String header(Headers headers, String name) {
    Header header = headers.lastHeader(name);
    return header == null || header.value() == null
        ? null
        : new String(header.value(), StandardCharsets.UTF_8);
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
