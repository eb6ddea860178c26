package dev.jsignals.outbox;

/**
 * What one {@link Outbox#deliverDueReport()} round did: rows delivered, failed (retried later with
 * backoff), dead (failed their last attempt, or their relays died too often), deferred (their
 * target was unreachable: the attempt was not counted), and lost (this relay's claim ended, another
 * relay or an operator now owns the row). Immutable value.
 *
 * @param delivered rows delivered
 * @param failed rows that failed and wait for their next attempt
 * @param dead rows that failed their last attempt
 * @param deferred rows given back because their target was unreachable
 * @param lost rows whose claim this relay lost while delivering them
 */
public record DeliveryReport(int delivered, int failed, int dead, int deferred, int lost) {

  /** {@return whether every row taken was delivered} */
  public boolean allDelivered() {
    return failed == 0 && dead == 0 && deferred == 0 && lost == 0;
  }

  DeliveryReport plus(DeliveryReport other) {
    return new DeliveryReport(
        delivered + other.delivered,
        failed + other.failed,
        dead + other.dead,
        deferred + other.deferred,
        lost + other.lost);
  }
}
