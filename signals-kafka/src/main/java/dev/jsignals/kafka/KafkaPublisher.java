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
import java.util.function.Function;
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
 * <p>Thread-safe: the underlying producer is shared by every caller. Close it when done.
 */
public final class KafkaPublisher implements AutoCloseable {
  private final Producer<String, byte[]> producer;
  private final Function<String, String> topicFor;
  private final URI source;

  private final Duration longestSend;

  private KafkaPublisher(
      Producer<String, byte[]> producer,
      Function<String, String> topicFor,
      URI source,
      Duration longestSend) {
    this.longestSend = longestSend;
    this.producer = producer;
    this.topicFor = topicFor;
    this.source = source;
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
   * metadata within {@code max.block.ms}).
   *
   * @param events the events, in commit order
   * @return which events the broker acknowledged, and which failed with what
   */
  public PublishResult publish(List<OutboundEvent> events) {
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
        Future<RecordMetadata> future = producer.send(record(event));
        sent.put(event.eventId(), future);
        // Done already: refused before it was sent (no metadata in time, a record too large).
        refused = future.isDone() ? refusal(future) : null;
      } catch (RuntimeException e) {
        refused = e;
        failed.put(event.eventId(), e);
      }
      if (refused != null) {
        refusedKeys.put(event.key(), refused);
        if (refused instanceof TimeoutException || refused instanceof InterruptException) {
          stopped = refused;
        }
      }
    }
    List<String> acknowledged = new ArrayList<>();
    for (Map.Entry<String, Future<RecordMetadata>> entry : sent.entrySet()) {
      try {
        entry.getValue().get();
        acknowledged.add(entry.getKey());
      } catch (ExecutionException e) {
        failed.put(entry.getKey(), e.getCause() instanceof Exception c ? c : e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        failed.put(entry.getKey(), e);
      }
    }
    return new PublishResult(acknowledged, failed);
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
    return longestSend;
  }

  /** Flushes what is in flight and closes the producer. */
  @Override
  public void close() {
    producer.close();
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
      // A broker that is down fails a batch within half a minute; the relay's backoff retries it.
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

    /** {@return the publisher, with a new producer} */
    public KafkaPublisher build() {
      return new KafkaPublisher(
          new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer()),
          topicFor,
          source,
          Duration.ofMillis(
              millis(ProducerConfig.MAX_BLOCK_MS_CONFIG)
                  + millis(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG)));
    }

    private long millis(String name) {
      return Long.parseLong(String.valueOf(config.get(name)));
    }
  }
}
