package dev.jsignals.kafka;

import java.util.List;
import java.util.Map;

/**
 * What became of a batch handed to {@link KafkaPublisher#publish(List)}: the events the broker
 * acknowledged (a relay marks exactly these delivered) and those that failed, with the cause (a
 * relay retries them). An immutable value; thread-safe.
 *
 * @param acknowledged the ids of the events the broker acknowledged, in batch order
 * @param failed the ids of the other events, each with its cause
 */
public record PublishResult(List<String> acknowledged, Map<String, Exception> failed) {

  /**
   * Copies the collections.
   *
   * @param acknowledged see {@link #acknowledged()}
   * @param failed see {@link #failed()}
   */
  public PublishResult {
    acknowledged = List.copyOf(acknowledged);
    failed = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(failed));
  }

  /** {@return whether every event of the batch was acknowledged} */
  public boolean allAcknowledged() {
    return failed.isEmpty();
  }
}
