package dev.jsignals.kafka;

import dev.jsignals.core.ModelEvent;
import dev.jsignals.dispatch.Connection;
import dev.jsignals.dispatch.Signal;
import dev.jsignals.outbox.BatchDeliveryTarget;
import dev.jsignals.outbox.Outbox;
import dev.jsignals.outbox.OutboxRow;
import dev.jsignals.outbox.TargetUnreachableException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.common.errors.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * An outbox delivery target that publishes each row to Kafka: the row's payload becomes the record
 * value as it is, its key {@code model:primaryKey} (also the CloudEvents {@code subject}), its
 * {@code createdAt} the CloudEvents {@code time}, its trace context (when the outbox has a {@link
 * dev.jsignals.outbox.TracePropagation}) the CloudEvents {@code traceparent} and {@code tracestate}
 * (see {@link EventAttributes}). A row is marked delivered only once the broker acknowledged it;
 * when the broker is down, the publish fails and the outbox retries the row with its backoff, so
 * the row waits and nothing is lost: a producer timeout (the broker could not be reached or did not
 * answer in time) is reported as {@link TargetUnreachableException}, which pauses this target
 * without counting attempts.
 *
 * <p>A {@link BatchDeliveryTarget}: the relay claims up to its batch size of rows, several of one
 * key among them, and this target sends them all before awaiting the acknowledgements, so a batch
 * costs one broker round trip instead of one per row. A key's rows are sent in commit order and the
 * idempotent producer keeps that order in their partition, retries included. Per key the relay
 * completes the acknowledged rows up to the first failure; the failed row is retried with its
 * backoff and the key's later rows after it, in order. A publish the broker does not acknowledge in
 * time is withdrawn whole (see {@link KafkaPublisher}), so a broker outage never lets a key's later
 * record through ahead of an earlier one. One case can put a key's records ahead of an earlier one:
 * a record the broker rejects on its own (too large for the topic, say) while the key's later
 * records were already in flight; those reach the partition before it, and again after it once it
 * is published. A refusal by the producer itself (a record over {@code max.request.size}, no
 * metadata in time) stops the batch before the key's later records are sent.
 *
 * <p>A publish waits at most the producer's {@code max.block.ms} plus {@code delivery.timeout.ms}
 * (40 s by default); {@link #route} refuses an outbox whose delivery timeout (by default its lease,
 * 60 s) is not longer, as its relay would stop the publish first and another relay could publish
 * the row while this one's record is still in flight.
 *
 * <pre>{@code
 * KafkaTarget.route(outbox, signals.postSave().signal(), User.class, publisher);
 * }</pre>
 *
 * <p>Thread-safe, as the publisher is.
 */
public final class KafkaTarget implements BatchDeliveryTarget {
  private final KafkaPublisher publisher;
  private final String sender;

  /**
   * A target for the rows of one sender.
   *
   * @param publisher publishes the rows
   * @param sender the sender whose rows this target takes (the join type for {@code m2m_changed})
   */
  public KafkaTarget(KafkaPublisher publisher, Class<?> sender) {
    this.publisher = Objects.requireNonNull(publisher, "publisher");
    this.sender = Objects.requireNonNull(sender, "sender").getName();
  }

  /**
   * Routes a model signal's events of one sender through the outbox to Kafka, under the durable
   * name {@code kafka:<signal>:<sender>}.
   *
   * @param outbox the outbox, not yet started (or the rows of earlier runs wait for the next start)
   * @param signal {@code post_save}, {@code post_delete} or {@code m2m_changed} of the outbox's
   *     signals
   * @param sender the model class, or the join type for {@code m2m_changed}
   * @param publisher publishes the rows
   * @return the recording connection: disconnecting it stops writing rows
   * @throws IllegalArgumentException if a publish can outlast the outbox's delivery timeout
   */
  public static Connection route(
      Outbox outbox,
      Signal<? extends ModelEvent<?>> signal,
      Class<?> sender,
      KafkaPublisher publisher) {
    Duration longest = publisher.longestSend();
    if (longest.compareTo(outbox.deliveryTimeout()) >= 0) {
      throw new IllegalArgumentException(
          "KafkaTarget: a publish may wait "
              + longest.toMillis()
              + " ms (max.block.ms + delivery.timeout.ms), not less than the outbox's delivery"
              + " timeout of "
              + outbox.deliveryTimeout().toMillis()
              + " ms: lower delivery.timeout.ms or lengthen the outbox's lease");
    }
    return outbox.route(
        signal,
        sender,
        "kafka:" + signal.name() + ":" + sender.getName(),
        new KafkaTarget(publisher, sender));
  }

  /**
   * Publishes the row and returns once the broker acknowledged it.
   *
   * @param row the outbox row
   * @throws TargetUnreachableException if the producer timed out: the outbox pauses this target
   * @throws Exception if the broker did not acknowledge it: the outbox retries the row
   */
  @Override
  public void deliver(OutboxRow row) throws Exception {
    Exception failure = deliverBatch(List.of(row)).get(0);
    if (failure != null) {
      throw failure;
    }
  }

  /**
   * Publishes the rows, all before awaiting the first acknowledgement (the idempotent producer
   * keeps each key's records in send order, up to five requests in flight), and answers once the
   * broker acknowledged or refused each.
   *
   * @param rows rows of one or more keys, each key's rows in commit order
   * @return per row, {@code null} once acknowledged, else the producer's failure; a producer
   *     timeout as {@link TargetUnreachableException}, which pauses this target
   */
  @Override
  public List<@Nullable Exception> deliverBatch(List<OutboxRow> rows) {
    List<OutboundEvent> events = new ArrayList<>(rows.size());
    for (OutboxRow row : rows) {
      events.add(event(row));
    }
    PublishResult result = publisher.publish(events);
    List<@Nullable Exception> answers = new ArrayList<>(rows.size());
    for (OutboxRow row : rows) {
      Exception failure = result.failed().get(row.eventId());
      answers.add(
          failure instanceof TimeoutException
              ? new TargetUnreachableException("Kafka did not acknowledge in time", failure)
              : failure);
    }
    return answers;
  }

  private OutboundEvent event(OutboxRow row) {
    return new OutboundEvent(
        row.eventId(),
        row.signal(),
        row.model(),
        sender,
        row.model() + ":" + row.key(),
        row.payload().getBytes(StandardCharsets.UTF_8),
        Instant.ofEpochMilli(row.createdAt()),
        row.traceContext());
  }
}
