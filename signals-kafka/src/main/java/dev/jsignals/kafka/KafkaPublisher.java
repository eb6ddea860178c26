package dev.jsignals.kafka;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jspecify.annotations.Nullable;

/**
 * Publishes outbound model events to Kafka: the delivery target of an outbox relay. Each event goes
 * to its model's topic ({@link #defaultTopic} unless configured), keyed by model and primary key
 * (so one instance's events share a partition and keep their order). Each record is a CloudEvent in
 * binary content mode ({@link EventAttributes}), written by the CloudEvents SDK's Kafka binding,
 * and carries the {@link EventHeaders} of earlier versions too, for the consumers still on them.
 * The producer is idempotent with {@code acks=all}: {@link #publish} returns only once the broker
 * acknowledged or refused each event, so a relay marks delivered only what the broker has.
 *
 * <p>The publisher keeps {@code delivery.timeout.ms} itself, for a whole {@link #publish} call,
 * rather than leaving it to the producer: Kafka's producer times out each of its internal batches
 * on its own and then goes on sending the partition's later batches, so a key's record could reach
 * the broker after an earlier record of that key had failed, ahead of its retry. Instead, when a
 * publish is not acknowledged in time, the publisher closes its producer at once, which withdraws
 * every record not yet acknowledged (of every publish in progress), and opens a new one for the
 * next publish. What the broker took of a partition before that is a prefix of what was sent to it,
 * as the idempotent producer's sequence numbers make it; the withdrawn records fail with a {@link
 * TimeoutException} and are published again by the relay, after the key's earlier ones.
 *
 * <p>Thread-safe: the underlying producer is shared by every caller. Close it when done.
 */
public final class KafkaPublisher implements AutoCloseable {
  /** The producer of the moment, and whether it was withdrawn after a timeout. */
  private static final class Generation {
    final Producer<String, byte[]> producer;
    volatile boolean withdrawn;

    Generation(Producer<String, byte[]> producer) {
      this.producer = producer;
    }
  }

  private final Supplier<Producer<String, byte[]>> producers;
  private final Function<String, String> topicFor;
  private final URI source;
  private final Duration maxBlock;
  private final Duration deliveryTimeout;
  private final Object replacing = new Object();
  private volatile Generation current;
  private volatile boolean closed;

  KafkaPublisher(
      Supplier<Producer<String, byte[]>> producers,
      Function<String, String> topicFor,
      URI source,
      Duration maxBlock,
      Duration deliveryTimeout) {
    this.producers = producers;
    this.topicFor = topicFor;
    this.source = source;
    this.maxBlock = maxBlock;
    this.deliveryTimeout = deliveryTimeout;
    this.current = new Generation(producers.get());
  }

  /**
   * Starts configuring a publisher.
   *
   * @param bootstrapServers the cluster, {@code host:port[,host:port...]}
   * @return the builder
   * @throws IllegalArgumentException if {@code bootstrapServers} is blank
   */
  public static Builder builder(String bootstrapServers) {
    if (bootstrapServers == null || bootstrapServers.isBlank()) {
      throw new IllegalArgumentException("KafkaPublisher: bootstrapServers is null or blank");
    }
    return new Builder(bootstrapServers);
  }

  /**
   * The default topic of a model: its class name, with {@code $} (nested classes) turned into
   * {@code .}, such as {@code com.example.User}.
   *
   * @param model the model's class name
   * @return the topic name
   */
  public static String defaultTopic(String model) {
    return model.replace('$', '.');
  }

  /**
   * The topic an event of a model goes to.
   *
   * @param model the model's class name
   * @return the topic name
   */
  public String topicFor(String model) {
    return topicFor.apply(model);
  }

  /**
   * Publishes a batch and waits for the broker's answer on each event. Every event is sent before
   * the first answer is awaited, so the batch costs about one broker round trip, not one per event.
   * Events of one key are sent in batch order; the idempotent producer keeps that order in the
   * partition, retries included. Once the producer refuses an event outright, the later events of
   * its key are not sent and fail with the same cause (a record too large), or all later events (no
   * metadata within {@code max.block.ms}). Events not acknowledged within {@code max.block.ms} plus
   * {@code delivery.timeout.ms} of the call are withdrawn (see above) and fail with a {@link
   * TimeoutException}.
   *
   * @param events the events, in commit order
   * @return which events the broker acknowledged, and which failed with what
   * @throws IllegalStateException if the publisher is closed
   * @throws org.apache.kafka.common.KafkaException if the producer withdrawn after a timeout cannot
   *     be replaced (its bootstrap servers cannot be resolved, say); the next publish tries again
   */
  public PublishResult publish(List<OutboundEvent> events) {
    long deadline = System.nanoTime() + longestSend().toNanos();
    Generation generation = producer();
    Map<String, Future<RecordMetadata>> sent = new LinkedHashMap<>();
    Map<String, Exception> failed = new LinkedHashMap<>();
    // A key whose event the producer refused: its later events are not sent (they would overtake
    // it). A timeout (no metadata, no buffer space) stops every key: each send would wait again.
    Map<String, RuntimeException> refusedKeys = new HashMap<>();
    @Nullable RuntimeException stopped = null;
    for (OutboundEvent event : events) {
      RuntimeException refused = stopped != null ? stopped : refusedKeys.get(event.key());
      if (refused != null) {
        failed.put(event.eventId(), refused);
        continue;
      }
      try {
        Future<RecordMetadata> future = generation.producer.send(record(event));
        sent.put(event.eventId(), future);
        // Done already: refused before it was sent (no metadata in time, a record too large).
        refused = future.isDone() ? refusal(future) : null;
      } catch (RuntimeException e) {
        refused = generation.withdrawn ? withdrawn(e) : e;
        failed.put(event.eventId(), refused);
      }
      if (refused != null) {
        refusedKeys.put(event.key(), refused);
        if (refused instanceof TimeoutException
            || refused instanceof InterruptException
            || generation.withdrawn) {
          stopped = refused;
        }
      }
    }
    List<String> acknowledged = new ArrayList<>();
    for (Map.Entry<String, Future<RecordMetadata>> entry : sent.entrySet()) {
      Future<RecordMetadata> future = entry.getValue();
      try {
        if (!future.isDone()) {
          long left = deadline - System.nanoTime();
          try {
            future.get(Math.max(left, 0), TimeUnit.NANOSECONDS);
          } catch (java.util.concurrent.TimeoutException late) {
            // Completes every unacknowledged future of this generation, this one included.
            withdraw(generation);
          }
        }
        future.get();
        acknowledged.add(entry.getKey());
      } catch (ExecutionException e) {
        Exception cause = e.getCause() instanceof Exception c ? c : e;
        failed.put(entry.getKey(), generation.withdrawn ? withdrawn(cause) : cause);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        failed.put(entry.getKey(), e);
      }
    }
    return new PublishResult(acknowledged, failed);
  }

  /**
   * The producer for a publish: the current one, or a new one in place of a withdrawn one.
   *
   * @throws IllegalStateException if the publisher is closed
   * @throws org.apache.kafka.common.KafkaException if a new producer cannot be made
   */
  private Generation producer() {
    Generation generation = current;
    if (!generation.withdrawn && !closed) {
      return generation;
    }
    synchronized (replacing) {
      if (closed) {
        throw new IllegalStateException("KafkaPublisher: publish after close");
      }
      if (current.withdrawn) {
        current = new Generation(producers.get());
      }
      return current;
    }
  }

  /**
   * Closes a generation's producer at once, which fails every record it has not had acknowledged;
   * the next publish opens a new one.
   */
  private void withdraw(Generation generation) {
    synchronized (replacing) {
      if (generation.withdrawn) {
        return;
      }
      generation.withdrawn = true;
    }
    generation.producer.close(Duration.ZERO);
  }

  /** A failure caused by the withdrawal of a generation, as the timeout it stands for. */
  private RuntimeException withdrawn(Exception cause) {
    if (cause instanceof TimeoutException timeout) {
      return timeout;
    }
    TimeoutException timeout =
        new TimeoutException(
            "not acknowledged within max.block.ms + delivery.timeout.ms ("
                + longestSend().toMillis()
                + " ms): withdrawn with every record the broker had not acknowledged");
    timeout.addSuppressed(cause);
    return timeout;
  }

  /** {@return the failure of a completed send, or {@code null} if it succeeded} */
  private static @Nullable RuntimeException refusal(Future<RecordMetadata> done) {
    try {
      done.get();
      return null;
    } catch (ExecutionException e) {
      return e.getCause() instanceof RuntimeException c ? c : new KafkaException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new InterruptException(e);
    }
  }

  /**
   * Publishes one event and waits for the broker's acknowledgement.
   *
   * @param event the event
   * @throws Exception the producer's failure (a {@code KafkaException}, a timeout...) if the broker
   *     did not acknowledge the event
   */
  public void send(OutboundEvent event) throws Exception {
    PublishResult result = publish(List.of(event));
    if (!result.allAcknowledged()) {
      throw result.failed().get(event.eventId());
    }
  }

  private ProducerRecord<String, byte[]> record(OutboundEvent event) {
    return CloudEventRecords.write(topicFor(event.model()), source, event);
  }

  /**
   * {@return the longest {@link #send} can wait: {@code max.block.ms} (metadata, buffer space) plus
   * {@code delivery.timeout.ms} (the acknowledgement, retries included)}
   */
  Duration longestSend() {
    return maxBlock.plus(deliveryTimeout);
  }

  /**
   * Waits up to {@code delivery.timeout.ms} for the records in flight, then closes the producer;
   * what is still unacknowledged then is withdrawn. Later publishes are refused.
   */
  @Override
  public void close() {
    Generation last;
    synchronized (replacing) {
      if (closed) {
        return;
      }
      closed = true;
      last = current;
    }
    last.producer.close(deliveryTimeout);
  }

  /** Configures a {@link KafkaPublisher}. Not thread-safe; use it on one thread. */
  public static final class Builder {
    private final Map<String, Object> config = new HashMap<>();
    private Function<String, String> topicFor = KafkaPublisher::defaultTopic;
    private URI source = EventAttributes.DEFAULT_SOURCE;

    private Builder(String bootstrapServers) {
      config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
      config.put(ProducerConfig.ACKS_CONFIG, "all");
      config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
      config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
      // A relay sends its whole batch, then waits for the acknowledgements: records that arrive
      // while requests are in flight are batched anyway, so holding the first back buys nothing.
      config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
      // A broker that is down fails a publish within 40 s; the relay's backoff retries it. The
      // publisher keeps delivery.timeout.ms itself: see the class comment.
      config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
      config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
      config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
    }

    /**
     * Routes models to topics.
     *
     * @param topicFor the topic of a model class name; must give a legal topic name
     * @return this builder
     */
    public Builder topicFor(Function<String, String> topicFor) {
      this.topicFor = Objects.requireNonNull(topicFor, "topicFor");
      return this;
    }

    /**
     * Names the application in the CloudEvents {@code source} attribute of every record, such as
     * {@code https://kitchen.example.com} or {@code /foodapp}; {@link
     * EventAttributes#DEFAULT_SOURCE} unless set.
     *
     * @param source a non-empty URI reference
     * @return this builder
     * @throws IllegalArgumentException if {@code source} is null or empty
     */
    public Builder source(URI source) {
      if (source == null || source.toString().isEmpty()) {
        throw new IllegalArgumentException("KafkaPublisher.source: source is null or empty");
      }
      this.source = source;
      return this;
    }

    /**
     * Sets a producer property. {@code acks}, {@code enable.idempotence} and the serializers are
     * fixed: setting them is refused.
     *
     * @param name the property name
     * @param value its value
     * @return this builder
     * @throws IllegalArgumentException if the property is one this publisher fixes
     */
    public Builder property(String name, Object value) {
      if (List.of(
              ProducerConfig.ACKS_CONFIG,
              ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
              ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
              ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG)
          .contains(name)) {
        throw new IllegalArgumentException(
            "KafkaPublisher.property: "
                + name
                + " is fixed (acks=all, idempotent, own serializers)");
      }
      config.put(name, Objects.requireNonNull(value, "value"));
      return this;
    }

    /**
     * Builds the publisher and its producer.
     *
     * @return the publisher
     * @throws IllegalArgumentException if {@code delivery.timeout.ms} is shorter than {@code
     *     linger.ms} plus {@code request.timeout.ms}, as Kafka's producer requires
     */
    public KafkaPublisher build() {
      Duration deliveryTimeout =
          Duration.ofMillis(millis(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG));
      long least =
          millis(ProducerConfig.LINGER_MS_CONFIG)
              + millis(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG);
      if (deliveryTimeout.toMillis() < least) {
        throw new IllegalArgumentException(
            "KafkaPublisher: delivery.timeout.ms is "
                + deliveryTimeout.toMillis()
                + ", less than linger.ms + request.timeout.ms ("
                + least
                + "): raise it, or lower request.timeout.ms");
      }
      Map<String, Object> producerConfig = new HashMap<>(config);
      // The producer never gives up a batch on its own (it would send the partition's later ones):
      // the publisher withdraws a whole publish at its deadline instead.
      producerConfig.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Integer.MAX_VALUE);
      return new KafkaPublisher(
          () ->
              new KafkaProducer<>(
                  producerConfig, new StringSerializer(), new ByteArraySerializer()),
          topicFor,
          source,
          Duration.ofMillis(millis(ProducerConfig.MAX_BLOCK_MS_CONFIG)),
          deliveryTimeout);
    }

    private long millis(String name) {
      return Long.parseLong(String.valueOf(config.get(name)));
    }
  }
}
