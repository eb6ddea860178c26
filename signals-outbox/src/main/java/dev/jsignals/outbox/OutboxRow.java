package dev.jsignals.outbox;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One outbox row: one event for one durable receiver. Immutable value; what a {@link
 * DeliveryTarget} receives and what {@link Outbox#rows(Status)} lists.
 *
 * @param id the row's id, unique in the database
 * @param eventId the event's id, stable across attempts and relays: receivers de-duplicate by it
 * @param receiver the durable receiver's uid
 * @param signal the signal's name, such as {@code post_save}
 * @param model the model class's name (the instance's class for {@code m2m_changed})
 * @param key the model instance's primary key, as text
 * @param seq the row's place in its key's commit order: higher committed later
 * @param payload the event as JSON
 * @param status the row's state
 * @param attempts how many deliveries were started, this one included
 * @param fence the fencing token of the current claim: a completion must present it
 * @param lastError the last failure, or {@code null}
 * @param createdAt when the row was written, in epoch milliseconds
 * @param nextAt when the row is due (its backoff), in epoch milliseconds
 * @param traceContext the trace context of the write, captured by the outbox's {@link
 *     TracePropagation} (W3C fields such as {@code traceparent}), or empty: a target that sends the
 *     row on (to a message broker) forwards it so that the trace goes on there
 */
public record OutboxRow(
    long id,
    String eventId,
    String receiver,
    String signal,
    String model,
    String key,
    long seq,
    String payload,
    Status status,
    int attempts,
    long fence,
    @Nullable String lastError,
    long createdAt,
    long nextAt,
    Map<String, String> traceContext) {

  /**
   * Copies the trace context.
   *
   * @param id see {@link #id()}
   * @param eventId see {@link #eventId()}
   * @param receiver see {@link #receiver()}
   * @param signal see {@link #signal()}
   * @param model see {@link #model()}
   * @param key see {@link #key()}
   * @param seq see {@link #seq()}
   * @param payload see {@link #payload()}
   * @param status see {@link #status()}
   * @param attempts see {@link #attempts()}
   * @param fence see {@link #fence()}
   * @param lastError see {@link #lastError()}
   * @param createdAt see {@link #createdAt()}
   * @param nextAt see {@link #nextAt()}
   * @param traceContext see {@link #traceContext()}; {@code null} is taken as none
   */
  public OutboxRow {
    traceContext = traceContext == null ? Map.of() : Map.copyOf(traceContext);
  }

  /**
   * A row without a trace context.
   *
   * @param id see {@link #id()}
   * @param eventId see {@link #eventId()}
   * @param receiver see {@link #receiver()}
   * @param signal see {@link #signal()}
   * @param model see {@link #model()}
   * @param key see {@link #key()}
   * @param seq see {@link #seq()}
   * @param payload see {@link #payload()}
   * @param status see {@link #status()}
   * @param attempts see {@link #attempts()}
   * @param fence see {@link #fence()}
   * @param lastError see {@link #lastError()}
   * @param createdAt see {@link #createdAt()}
   * @param nextAt see {@link #nextAt()}
   */
  public OutboxRow(
      long id,
      String eventId,
      String receiver,
      String signal,
      String model,
      String key,
      long seq,
      String payload,
      Status status,
      int attempts,
      long fence,
      @Nullable String lastError,
      long createdAt,
      long nextAt) {
    this(
        id, eventId, receiver, signal, model, key, seq, payload, status, attempts, fence, lastError,
        createdAt, nextAt, Map.of());
  }

  /** The state of a row. */
  public enum Status {
    /** Waiting for delivery, in backoff, or claimed by a relay. */
    PENDING,
    /** Failed its last attempt: parks its key until retried or skipped. */
    DEAD,
    /** Delivered; kept only when a retention time is configured. */
    DELIVERED,
    /** Skipped by an operator; kept like delivered rows. */
    SKIPPED;

    String code() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    static Status of(String code) {
      return valueOf(code.toUpperCase(java.util.Locale.ROOT));
    }
  }
}
