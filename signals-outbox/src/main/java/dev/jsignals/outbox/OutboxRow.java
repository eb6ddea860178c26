package dev.jsignals.outbox;

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
    long nextAt) {

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
