package dev.jsignals.outbox;

import java.time.Duration;

/** The relay's settings, checked by {@link OutboxBuilder}. */
record Settings(
    int maxAttempts,
    Duration backoff,
    Duration maxBackoff,
    Duration lease,
    Duration deliveryTimeout,
    Duration pollInterval,
    int batchSize,
    int relayThreads,
    Duration keepDelivered,
    boolean listen,
    boolean wakeOthers,
    String owner,
    int parallelism,
    int vacuumEvery) {}
