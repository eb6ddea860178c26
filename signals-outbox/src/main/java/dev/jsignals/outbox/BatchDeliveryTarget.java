package dev.jsignals.outbox;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A {@link DeliveryTarget} that takes many rows in one call and keeps, for each key, the order it
 * was handed them in (a Kafka producer with idempotence, whose partition keeps a key's records in
 * send order): the relay then claims a key's next rows together, hands a whole batch over and
 * completes the delivered rows in one statement, instead of one round trip per row.
 *
 * <p>The relay hands over rows of several keys, each key's rows in commit order, and reads one
 * answer per row. For each key it completes the rows up to the first failure; the failed row gets
 * its backoff (or pauses the target, for a {@link TargetUnreachableException}), and the key's later
 * rows are given back untried and handed over again after it, in order, whatever their answer said.
 * Fencing is unchanged: each completion is a compare-and-set on the row's claim.
 *
 * <p>Runs under the outbox's delivery timeout like {@link #deliver}: bound every network call well
 * inside it and stop when interrupted. Called from relay threads: implementations must be
 * thread-safe.
 */
public interface BatchDeliveryTarget extends DeliveryTarget {

  /**
   * Delivers rows, each key's rows in the order given, and answers for each.
   *
   * <p>A row whose earlier row of the same key failed must not be taken before that row: send it
   * after the failed one only if the target keeps the key's order regardless (the relay gives it
   * back either way).
   *
   * @param rows rows of one or more keys, each key's rows in commit order
   * @return one answer per row, in the order of {@code rows}: {@code null} if the row was
   *     delivered, else why not ({@link TargetUnreachableException} when the target could not be
   *     reached)
   * @throws Exception if the whole batch failed: each key's first row counts it as its failure
   */
  List<@Nullable Exception> deliverBatch(List<OutboxRow> rows) throws Exception;
}
