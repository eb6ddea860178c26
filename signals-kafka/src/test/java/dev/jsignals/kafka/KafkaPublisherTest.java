package dev.jsignals.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jsignals.core.PostSave;
import dev.jsignals.core.WriteContext;
import dev.jsignals.testsupport.TestBroker;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class KafkaPublisherTest {
  @RegisterExtension static final TestBroker broker = TestBroker.perClass();
  private final ModelEventCodec codec = ModelEventCodec.create();

  private OutboundEvent saved(String eventId, Dish dish) {
    return OutboundEvent.of(
        eventId,
        new PostSave<>(Dish.class, dish, true, false, "default", null, WriteContext.NONE),
        dish.id(),
        codec);
  }

  private List<ConsumerRecord<String, byte[]>> read(String topic, int count) throws Exception {
    Map<String, Object> config = broker.clientConfig();
    config.put("group.id", "reader-" + topic);
    config.put("auto.offset.reset", "earliest");
    List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
    try (var consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
      while (records.size() < count && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
    }
    return records;
  }

  private static String header(ConsumerRecord<?, ?> record, String name) {
    return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }

  @Test
  void eachEventGoesToItsModelTopicKeyedByModelAndPrimaryKeyWithHeaders() throws Exception {
    try (KafkaPublisher publisher = KafkaPublisher.builder(broker.bootstrapServers()).build()) {
      PublishResult result = publisher.publish(List.of(saved("e-1", new Dish(42, "dal"))));
      assertThat(result.acknowledged()).containsExactly("e-1");
      assertThat(result.allAcknowledged()).isTrue();
    }
    var record = read("dev.jsignals.kafka.Dish", 1).get(0);
    assertThat(record.key()).isEqualTo("dev.jsignals.kafka.Dish:42");
    assertThat(header(record, EventHeaders.EVENT_ID)).isEqualTo("e-1");
    assertThat(header(record, EventHeaders.SIGNAL)).isEqualTo("post_save");
    assertThat(header(record, EventHeaders.MODEL)).isEqualTo("dev.jsignals.kafka.Dish");
    assertThat(header(record, EventHeaders.SENDER)).isEqualTo("dev.jsignals.kafka.Dish");
    assertThat(
            codec
                .decode("post_save", Dish.class, record.value(), name -> null, WriteContext.NONE)
                .instance())
        .isEqualTo(new Dish(42, "dal"));
  }

  @Test
  void aConfiguredTopicReplacesTheDefault() throws Exception {
    try (KafkaPublisher publisher =
        KafkaPublisher.builder(broker.bootstrapServers())
            .topicFor(model -> "menu-events")
            .build()) {
      assertThat(publisher.publish(List.of(saved("e-2", new Dish(1, "soup")))).acknowledged())
          .containsExactly("e-2");
    }
    assertThat(read("menu-events", 1))
        .extracting(ConsumerRecord::key)
        .containsExactly("dev.jsignals.kafka.Dish:1");
  }

  @Test
  void oneKeysEventsArriveInBatchOrder() throws Exception {
    broker.createTopic("ordered", 3);
    List<OutboundEvent> batch = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      batch.add(saved("o-" + i, new Dish(i % 5, "v" + i)));
    }
    try (KafkaPublisher publisher =
        KafkaPublisher.builder(broker.bootstrapServers()).topicFor(model -> "ordered").build()) {
      assertThat(publisher.publish(batch).acknowledged()).hasSize(300);
    }
    var records = read("ordered", 300);
    assertThat(records).hasSize(300);
    for (int key = 0; key < 5; key++) {
      String k = "dev.jsignals.kafka.Dish:" + key;
      List<Integer> seen =
          records.stream()
              .filter(r -> r.key().equals(k))
              .map(r -> Integer.parseInt(header(r, EventHeaders.EVENT_ID).substring(2)))
              .toList();
      assertThat(seen).hasSize(60).isSorted();
    }
  }

  @Test
  void withNoBrokerEveryEventOfTheBatchIsReportedFailedNoneAcknowledged() throws Exception {
    int deadPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      deadPort = socket.getLocalPort();
    }
    try (KafkaPublisher publisher =
        KafkaPublisher.builder("127.0.0.1:" + deadPort)
            .property("max.block.ms", 1_000)
            .property("request.timeout.ms", 1_000)
            .property("delivery.timeout.ms", 2_000)
            .build()) {
      PublishResult result =
          publisher.publish(
              List.of(saved("d-1", new Dish(1, "a")), saved("d-2", new Dish(2, "b"))));
      assertThat(result.acknowledged()).isEmpty();
      assertThat(result.failed()).containsOnlyKeys("d-1", "d-2");
    }
  }

  @Test
  void aPublishTheBrokerDoesNotAcknowledgeInTimeIsWithdrawnWholeAndTheNextOneGetsThrough()
      throws Exception {
    broker.createTopic("withdrawn", 1);
    try (KafkaPublisher publisher =
        KafkaPublisher.builder(broker.bootstrapServers())
            .topicFor(model -> "withdrawn")
            .property("max.block.ms", 1_000)
            .property("request.timeout.ms", 1_000)
            .property("delivery.timeout.ms", 2_000)
            .build()) {
      assertThat(publisher.publish(List.of(saved("w-0", new Dish(1, "a")))).acknowledged())
          .containsExactly("w-0");
      broker.stopBroker();
      PublishResult first;
      PublishResult second;
      try {
        // Two publishes at once on the one producer: the first to time out withdraws both.
        var other =
            CompletableFuture.supplyAsync(
                () -> publisher.publish(List.of(saved("w-3", new Dish(2, "c")))));
        first =
            publisher.publish(
                List.of(saved("w-1", new Dish(1, "b")), saved("w-2", new Dish(1, "bb"))));
        second = other.get(60, TimeUnit.SECONDS);
      } finally {
        broker.startBroker();
      }
      assertThat(first.acknowledged()).isEmpty();
      assertThat(first.failed()).containsOnlyKeys("w-1", "w-2");
      assertThat(second.acknowledged()).isEmpty();
      assertThat(second.failed()).containsOnlyKeys("w-3");
      assertThat(first.failed().values())
          .allSatisfy(e -> assertThat(e).isInstanceOf(TimeoutException.class));
      assertThat(second.failed().values())
          .allSatisfy(e -> assertThat(e).isInstanceOf(TimeoutException.class));
      assertThat(publisher.publish(List.of(saved("w-4", new Dish(1, "d")))).acknowledged())
          .containsExactly("w-4");
    }
    // The withdrawn records never reach the topic: only the retry would bring them, after w-4.
    assertThat(read("withdrawn", 2))
        .extracting(r -> header(r, EventHeaders.EVENT_ID))
        .containsExactly("w-0", "w-4");
  }

  @Test
  void theSettingsThatMakeDeliveryAcknowledgedCannotBeOverridden() {
    var builder = KafkaPublisher.builder("localhost:9092");
    assertThatThrownBy(() -> builder.property("acks", "1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("acks is fixed");
    assertThatThrownBy(() -> builder.property("enable.idempotence", false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("enable.idempotence is fixed");
  }

  @Test
  void aDeliveryTimeoutShorterThanARequestIsRefusedByName() {
    var builder =
        KafkaPublisher.builder("localhost:9092")
            .property("request.timeout.ms", 5_000)
            .property("delivery.timeout.ms", 4_000);
    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(
            "delivery.timeout.ms is 4000, less than linger.ms + request.timeout.ms (5000)");
  }

  @Test
  void nestedModelClassesGetALegalTopicName() {
    assertThat(KafkaPublisher.defaultTopic("com.example.App$User"))
        .isEqualTo("com.example.App.User");
  }
}
