package dev.jsignals.kafka;

/**
 * The names of the record headers of versions before CloudEvents ({@link EventAttributes}). Each
 * value is UTF-8 text. {@link KafkaPublisher} still writes them beside the CloudEvents attributes
 * through every 0.x release, for consumers not yet upgraded; {@link SignalsConsumer} reads records
 * that carry only them. Constants only; thread-safe.
 */
public final class EventHeaders {
  /** The event's stable id: the same on every delivery of one event, for de-duplication. */
  public static final String EVENT_ID = "jsignals-event-id";

  /** The signal's Django name: {@code pre_save}, {@code post_save}, {@code post_delete}... */
  public static final String SIGNAL = "jsignals-signal";

  /** The model's class name, such as {@code com.example.User}: the instance's class. */
  public static final String MODEL = "jsignals-model";

  /**
   * The sender's class name, which receivers are matched by: the model for saves and deletes, the
   * join (through) type for {@code m2m_changed}.
   */
  public static final String SENDER = "jsignals-sender";

  private EventHeaders() {}
}
