package dev.jsignals.kafka;

import dev.jsignals.core.Signals;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Configures a {@link SignalsConsumer}: the classes it accepts (only these are ever instantiated
 * from a record, by their names in the headers and payload), the topics it follows, the retry
 * backoff and Kafka consumer properties. Offsets are committed by the consumer itself, so {@code
 * enable.auto.commit} is fixed to {@code false}; a new group starts from the earliest record. Not
 * thread-safe; use it on one thread.
 */
public final class SignalsConsumerBuilder {
  private final Map<String, Object> config = new HashMap<>();
  private final Signals signals;
  private final Map<String, Class<?>> types = new LinkedHashMap<>();
  private final Set<String> modelTopics = new LinkedHashSet<>();
  private final Set<String> topics = new LinkedHashSet<>();
  private ModelEventCodec codec = ModelEventCodec.create();
  private Duration firstBackoff = Duration.ofMillis(100);
  private Duration maxBackoff = Duration.ofSeconds(10);

  SignalsConsumerBuilder(String bootstrapServers, String groupId, Signals signals) {
    if (bootstrapServers == null || bootstrapServers.isBlank()) {
      throw new IllegalArgumentException("SignalsConsumer: bootstrapServers is null or blank");
    }
    if (groupId == null || groupId.isBlank()) {
      throw new IllegalArgumentException("SignalsConsumer: groupId is null or blank");
    }
    this.signals = Objects.requireNonNull(signals, "signals");
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
  }

  /**
   * Accepts events of a model, and follows its default topic ({@link KafkaPublisher#defaultTopic})
   * unless topics are named with {@link #topic}.
   *
   * @param model the model class, which Jackson must be able to read
   * @return this builder
   */
  public SignalsConsumerBuilder model(Class<?> model) {
    type(model);
    modelTopics.add(KafkaPublisher.defaultTopic(model.getName()));
    return this;
  }

  /**
   * Accepts a class that events name but whose topic is not followed: the join (through) type of a
   * {@code m2m_changed}, the model of its ids, the origin of a cascaded delete.
   *
   * @param type the class, which Jackson must be able to read when it is an instance or origin
   * @return this builder
   */
  public SignalsConsumerBuilder type(Class<?> type) {
    types.put(Objects.requireNonNull(type, "type").getName(), type);
    return this;
  }

  /**
   * Follows a topic; once any is named, only named topics are followed.
   *
   * @param topic the topic name
   * @return this builder
   * @throws IllegalArgumentException if the name is blank
   */
  public SignalsConsumerBuilder topic(String topic) {
    if (topic == null || topic.isBlank()) {
      throw new IllegalArgumentException("SignalsConsumer.topic: topic is null or blank");
    }
    topics.add(topic);
    return this;
  }

  /**
   * Reads payloads with this codec (to share the writer's Jackson configuration).
   *
   * @param codec the codec
   * @return this builder
   */
  public SignalsConsumerBuilder codec(ModelEventCodec codec) {
    this.codec = Objects.requireNonNull(codec, "codec");
    return this;
  }

  /**
   * Sets the wait before a failed record is delivered again: {@code first}, doubled on each further
   * failure, at most {@code max}.
   *
   * @param first the first wait, positive
   * @param max the longest wait, not shorter than {@code first}
   * @return this builder
   * @throws IllegalArgumentException if {@code first} is not positive or {@code max} is shorter
   */
  public SignalsConsumerBuilder retryBackoff(Duration first, Duration max) {
    if (first.isNegative() || first.isZero() || max.compareTo(first) < 0) {
      throw new IllegalArgumentException(
          "SignalsConsumer.retryBackoff: need 0 < first <= max, got " + first + " and " + max);
    }
    this.firstBackoff = first;
    this.maxBackoff = max;
    return this;
  }

  /**
   * Sets a Kafka consumer property.
   *
   * @param name the property name
   * @param value its value
   * @return this builder
   * @throws IllegalArgumentException for {@code enable.auto.commit} or a deserializer, which this
   *     consumer fixes
   */
  public SignalsConsumerBuilder property(String name, Object value) {
    if (List.of(
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
            ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
            ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG)
        .contains(name)) {
      throw new IllegalArgumentException(
          "SignalsConsumer.property: " + name + " is fixed (offsets committed after receivers)");
    }
    config.put(name, Objects.requireNonNull(value, "value"));
    return this;
  }

  /**
   * Builds the consumer, with a new Kafka consumer.
   *
   * @return the consumer, not yet running
   * @throws IllegalStateException if no model was registered
   */
  public SignalsConsumer build() {
    if (modelTopics.isEmpty()) {
      throw new IllegalStateException(
          "SignalsConsumer.build: register at least one model with model(Class)");
    }
    List<String> follow = new ArrayList<>(topics.isEmpty() ? modelTopics : topics);
    return new SignalsConsumer(
        new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer()),
        signals,
        codec,
        types,
        follow,
        firstBackoff,
        maxBackoff);
  }
}
