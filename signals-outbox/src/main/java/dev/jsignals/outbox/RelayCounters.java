package dev.jsignals.outbox;

/** Live views of a relay's counters, read by {@link OutboxMetrics}. */
final class RelayCounters {
  private final Relay relay;

  RelayCounters(Relay relay) {
    this.relay = relay;
  }

  double attempts() {
    return relay.attempts.sum();
  }

  double delivered() {
    return relay.delivered.sum();
  }

  double failed() {
    return relay.failed.sum();
  }

  double fenced() {
    return relay.fenced.sum();
  }

  double renewals() {
    return relay.renewals();
  }
}
