package dev.jsignals.outbox;

/**
 * Where a relay hands the rows of one durable receiver: the typed receivers connected through
 * {@link Outbox} decode the event and call the receiver; other targets (a message broker) can take
 * the raw row. Called from relay threads, one row at a time per key: implementations must be
 * thread-safe across keys.
 */
@FunctionalInterface
public interface DeliveryTarget {

  /**
   * Delivers one row. Returning normally marks it delivered; throwing schedules a retry with
   * backoff, or marks the row dead after the last attempt.
   *
   * @param row the row, its payload the event as JSON
   * @throws Exception if the delivery failed
   */
  void deliver(OutboxRow row) throws Exception;
}
