package dev.jsignals.kafka;

import java.net.URI;

/**
 * The CloudEvents attributes of the records {@link KafkaPublisher} sends, in binary content mode
 * (each attribute a {@code ce_} header, the record value the event's JSON payload):
 *
 * <table>
 *   <caption>Attributes</caption>
 *   <tr><th>attribute</th><th>value</th></tr>
 *   <tr><td>{@code id}</td><td>the event's stable id, the same on every delivery</td></tr>
 *   <tr><td>{@code type}</td><td>{@code dev.jsignals.} and the signal: {@link #type}</td></tr>
 *   <tr><td>{@code source}</td><td>the publishing application ({@link
 *       KafkaPublisher.Builder#source}, {@link #DEFAULT_SOURCE} unless set)</td></tr>
 *   <tr><td>{@code subject}</td><td>the record key, {@code model:primaryKey}</td></tr>
 *   <tr><td>{@code time}</td><td>when the write's outbox row was written, in its transaction</td>
 *   </tr>
 *   <tr><td>{@code datacontenttype}</td><td>{@value #CONTENT_TYPE} (the {@code content-type}
 *       header)</td></tr>
 *   <tr><td>{@value #MODEL}</td><td>extension: the model's class name (the instance's class)</td>
 *   </tr>
 *   <tr><td>{@value #SENDER}</td><td>extension: the sender's class name, which receivers are
 *       matched by</td></tr>
 *   <tr><td>{@value #TRACEPARENT}, {@value #TRACESTATE}</td><td>extension (CloudEvents distributed
 *       tracing): the W3C trace context of the write, when the outbox captured one; also sent as
 *       the plain {@code traceparent} and {@code tracestate} headers</td></tr>
 * </table>
 *
 * <p>{@link SignalsConsumer} reads any record in that form whose type starts with {@value
 * #TYPE_PREFIX}, whoever produced it. Constants only; thread-safe.
 */
public final class EventAttributes {
  /** What every jsignals type starts with; the signal's Django name follows. */
  public static final String TYPE_PREFIX = "dev.jsignals.";

  /** The extension attribute with the model's class name, such as {@code com.example.User}. */
  public static final String MODEL = "model";

  /**
   * The extension attribute with the sender's class name: the model for saves and deletes, the join
   * (through) type for {@code m2m_changed}.
   */
  public static final String SENDER = "sender";

  /**
   * The distributed-tracing extension attribute with the W3C {@code traceparent} of the write that
   * raised the event (header {@code ce_traceparent}); absent when the write was not traced.
   */
  public static final String TRACEPARENT = "traceparent";

  /** The distributed-tracing extension attribute with the W3C {@code tracestate}, when any. */
  public static final String TRACESTATE = "tracestate";

  /** The data content type of every event: its payload is JSON. */
  public static final String CONTENT_TYPE = "application/json";

  /** The source of a publisher whose application did not name one. */
  public static final URI DEFAULT_SOURCE = URI.create("/jsignals");

  private EventAttributes() {}

  /**
   * The CloudEvents type of a signal.
   *
   * @param signal the signal's Django name, such as {@code post_save}
   * @return the type, such as {@code dev.jsignals.post_save}
   */
  public static String type(String signal) {
    return TYPE_PREFIX + signal;
  }
}
