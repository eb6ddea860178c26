package dev.jsignals.outbox;

/**
 * What a durable receiver can learn about the delivery it is running in: get it with {@code
 * event.context().unwrap(Delivery.class)}. Immutable value.
 *
 * @param eventId the event's id, the same on every attempt and every relay: de-duplicate by it
 * @param rowId the outbox row's id
 * @param receiver the durable receiver's uid
 * @param attempt this attempt's number, from 1
 */
public record Delivery(String eventId, long rowId, String receiver, int attempt) {}
