package dev.jsignals.spring;

import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The {@code jsignals.outbox.*} properties: the outbox's relays, and when its health turns bad. A
 * property left out keeps the outbox's own default. Immutable value.
 *
 * @param enabled whether to build the outbox and run its relays (when signals-outbox is present)
 * @param lease how long a relay's claim on a row lasts (outbox default 60 s); longer than the
 *     slowest receiver
 * @param batchSize how many rows a relay claims at once (outbox default 50)
 * @param relayThreads how many relay threads run in this process (outbox default 1)
 * @param pollInterval how often an idle relay looks for rows it was not woken for (outbox default 2
 *     s)
 * @param maxAttempts how many attempts a row gets before it is dead (outbox default 8)
 * @param backoffFirst the wait after a row's first failure (outbox default 1 s)
 * @param backoffMax the longest wait between attempts (outbox default 5 min)
 * @param keepDelivered how long delivered rows are kept (outbox default 0: deleted at once)
 * @param listen whether relays on PostgreSQL listen for other processes' commits (outbox default
 *     true)
 * @param wakeOthers whether durable writes on PostgreSQL send a {@code NOTIFY} after their commit,
 *     which wakes the listening relays of other processes (outbox default true)
 * @param createSchema whether the outbox tables are created when missing (outbox default true);
 *     false when migrations create them
 * @param owner this relay's name in the rows it claims (outbox default: process id and a suffix)
 * @param health when the health indicator reports the outbox unhealthy
 */
@ConfigurationProperties("jsignals.outbox")
public record OutboxProperties(
    @DefaultValue("true") boolean enabled,
    @Nullable Duration lease,
    @Nullable Integer batchSize,
    @Nullable Integer relayThreads,
    @Nullable Duration pollInterval,
    @Nullable Integer maxAttempts,
    @Nullable Duration backoffFirst,
    @Nullable Duration backoffMax,
    @Nullable Duration keepDelivered,
    @Nullable Boolean listen,
    @Nullable Boolean wakeOthers,
    @Nullable Boolean createSchema,
    @Nullable String owner,
    @DefaultValue Health health) {

  /**
   * When the outbox is reported unhealthy: a dead row exists, or the oldest undelivered row is
   * older than {@code maxPendingAge}.
   *
   * @param maxPendingAge the age of the oldest undelivered row past which the outbox is unhealthy
   * @param status the status then reported: {@code DOWN} or {@code OUT_OF_SERVICE}
   */
  public record Health(
      @DefaultValue("5m") Duration maxPendingAge, @DefaultValue("DOWN") String status) {}
}
