package dev.jsignals.spring;

import dev.jsignals.core.Signals;
import dev.jsignals.outbox.Outbox;
import dev.jsignals.outbox.OutboxBuilder;
import dev.jsignals.outbox.OutboxStatus;
import dev.jsignals.outbox.TracePropagation;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jspecify.annotations.Nullable;
import org.springframework.context.SmartLifecycle;

/**
 * The application's outbox as a lifecycle bean. It is built when the context starts, after the
 * receivers of the index are connected, so it takes over every {@code @Receiver(durable = true)}
 * method; its relays start then, before the web server takes requests, and stop after it has
 * stopped: a relay that is delivering finishes within the lease, and a row it could not finish is
 * released to the next relay when its lease ends, never lost. Thread-safe.
 */
public final class SignalsOutbox implements SmartLifecycle {
  /** Starts before, and stops after, the web server (whose phase is higher). */
  public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

  private final Jdbi jdbi;
  private final Signals signals;
  private final OutboxProperties properties;
  private final List<Started> started;
  private final @Nullable TracePropagation propagation;
  private volatile @Nullable Outbox outbox;

  SignalsOutbox(
      Jdbi jdbi,
      Signals signals,
      OutboxProperties properties,
      List<Started> started,
      @Nullable TracePropagation propagation) {
    this.jdbi = jdbi;
    this.signals = signals;
    this.properties = properties;
    this.started = List.copyOf(started);
    this.propagation = propagation;
  }

  /** What runs once the outbox is built, such as binding its meters. */
  @FunctionalInterface
  interface Started {
    void started(Outbox outbox);
  }

  /**
   * The outbox, to connect durable receivers by hand ({@code outbox().postSave(...)}), retry or
   * skip rows.
   *
   * @return the outbox
   * @throws IllegalStateException before the context has started
   */
  public Outbox outbox() {
    Outbox built = outbox;
    if (built == null) {
      throw new IllegalStateException(
          "The outbox is built when the application context starts, after the receivers are"
              + " connected; use it from then on (an ApplicationReadyEvent listener, a request).");
    }
    return built;
  }

  /** {@return the outbox's row counts, or empty before the context has started} */
  public Optional<OutboxStatus> status() {
    Outbox built = outbox;
    return built == null ? Optional.empty() : Optional.of(built.status());
  }

  @Override
  public synchronized void start() {
    Outbox built = outbox;
    if (built == null) {
      built = builder().build();
      outbox = built;
      for (Started hook : started) {
        hook.started(built);
      }
    }
    built.start();
  }

  @Override
  public synchronized void stop() {
    Outbox built = outbox;
    if (built != null) {
      built.close();
      outbox = null;
    }
  }

  @Override
  public boolean isRunning() {
    return outbox != null;
  }

  @Override
  public int getPhase() {
    return PHASE;
  }

  private OutboxBuilder builder() {
    OutboxBuilder builder = Outbox.builder(jdbi, signals).propagation(propagation);
    OutboxProperties p = properties;
    if (p.lease() != null) {
      builder.lease(p.lease());
    }
    if (p.batchSize() != null) {
      builder.batchSize(p.batchSize());
    }
    if (p.relayThreads() != null) {
      builder.relayThreads(p.relayThreads());
    }
    if (p.pollInterval() != null) {
      builder.pollInterval(p.pollInterval());
    }
    if (p.maxAttempts() != null) {
      builder.maxAttempts(p.maxAttempts());
    }
    if (p.backoffFirst() != null || p.backoffMax() != null) {
      builder.backoff(
          p.backoffFirst() != null ? p.backoffFirst() : java.time.Duration.ofSeconds(1),
          p.backoffMax() != null ? p.backoffMax() : java.time.Duration.ofMinutes(5));
    }
    if (p.keepDelivered() != null) {
      builder.keepDelivered(p.keepDelivered());
    }
    if (p.listen() != null) {
      builder.listen(p.listen());
    }
    if (p.wakeOthers() != null) {
      builder.wakeOthers(p.wakeOthers());
    }
    if (p.createSchema() != null) {
      builder.createSchema(p.createSchema());
    }
    if (p.owner() != null) {
      builder.owner(p.owner());
    }
    return builder;
  }
}
