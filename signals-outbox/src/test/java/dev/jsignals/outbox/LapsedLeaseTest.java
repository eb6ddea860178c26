package dev.jsignals.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A relay never begins a delivery with less than a quarter of the lease it knows it holds left (its
 * thread was starved of CPU, or its claim waited long): by then another relay may hold the row, or
 * the receiver would be cut at the lease's end just after it began, and the event be delivered
 * twice with no fault to blame. The relay renews and tries again, or gives the row back untried.
 */
class LapsedLeaseTest {
  private static final Duration LEASE = Duration.ofSeconds(2);

  private final Receivers receivers = new Receivers(LEASE, LEASE);
  private final AtomicInteger calls = new AtomicInteger();
  private final DeliveryTarget counting = row -> calls.incrementAndGet();

  @AfterEach
  void stop() {
    receivers.stop();
  }

  @Test
  void aReceiverWhoseLeaseRanOutBeforeItStartedIsNeverCalled() throws Exception {
    Claim claim = new Claim(row(), System.nanoTime() - 1);

    Receivers.Result result = receivers.run(counting, claim);

    assertThat(result.end()).isEqualTo(Receivers.End.NOT_STARTED);
    assertThat(calls).hasValue(0);
  }

  @Test
  void aReceiverWithLessThanAQuarterOfItsLeaseLeftIsNotStarted() throws Exception {
    Claim claim = new Claim(row(), System.nanoTime() + LEASE.toNanos() / 5);

    assertThat(receivers.run(counting, claim).end()).isEqualTo(Receivers.End.NOT_STARTED);
    assertThat(calls).hasValue(0);
  }

  @Test
  void aClaimFoundLostIsNotDelivered() throws Exception {
    Claim claim = new Claim(row(), System.nanoTime() + LEASE.toNanos());
    claim.lose();

    assertThat(receivers.run(counting, claim).end()).isEqualTo(Receivers.End.NOT_STARTED);
    assertThat(calls).hasValue(0);
  }

  @Test
  void aReceiverWithItsLeaseAheadIsCalledOnce() throws Exception {
    Claim claim = new Claim(row(), System.nanoTime() + Duration.ofMinutes(10).toNanos());

    assertThat(receivers.run(counting, claim).end()).isEqualTo(Receivers.End.RETURNED);
    assertThat(calls).hasValue(1);
  }

  private static OutboxRow row() {
    return new OutboxRow(
        1,
        "event-1",
        "mail",
        "post_save",
        "Item",
        "item:1",
        1,
        "{}",
        OutboxRow.Status.PENDING,
        1,
        1,
        null,
        0,
        0);
  }
}
