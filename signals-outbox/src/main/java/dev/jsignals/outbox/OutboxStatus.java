package dev.jsignals.outbox;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Counts of the outbox rows at one moment: what {@code outbox status} prints and the metrics
 * report. Immutable value.
 *
 * @param pending rows waiting for delivery (in flight included)
 * @param inFlight pending rows claimed by a relay whose lease has not ended
 * @param dead rows that failed their last attempt, each parking its key
 * @param delivered delivered rows still kept (with a retention time)
 * @param skipped skipped rows still kept
 * @param oldestPending the age of the oldest undelivered row (pending or dead), or {@code null}
 *     when there is none
 */
public record OutboxStatus(
    long pending,
    long inFlight,
    long dead,
    long delivered,
    long skipped,
    @Nullable Duration oldestPending) {}
