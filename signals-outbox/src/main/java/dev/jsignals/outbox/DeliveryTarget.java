package dev.jsignals.outbox;

/**
 * Where a relay hands the rows of one durable receiver: the typed receivers connected through
 * {@link Outbox} decode the event and call the receiver; other targets (a message broker) can take
 * the raw row. Called from relay threads, one row at a time per key: implementations must be
 * thread-safe across keys. A target that can take many rows at once and keep each key's order
 * implements {@link BatchDeliveryTarget} as well.
 */
@FunctionalInterface
public interface DeliveryTarget {

  /**
   * Delivers one row. Returning normally marks it delivered; throwing schedules a retry with
   * backoff, or marks the row dead after the last attempt. Throwing {@link
   * TargetUnreachableException} (or failing with a {@link java.net.ConnectException} among the
   * causes) says the target is down rather than this row bad: the row is given back without
   * counting the attempt and the target is paused (see docs/outbox.md).
   *
   * <p>Runs under a deadline, the outbox's delivery timeout (by default its lease): at the deadline
   * the calling thread is interrupted and the attempt fails. Bound every network call well inside
   * it, and stop when interrupted: a call that outlives its deadline may overlap with another
   * relay's delivery of the same row.
   *
   * @param row the row, its payload the event as JSON
   * @throws Exception if the delivery failed
   */
  void deliver(OutboxRow row) throws Exception;
}
