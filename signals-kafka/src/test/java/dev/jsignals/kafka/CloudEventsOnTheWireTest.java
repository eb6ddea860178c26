package dev.jsignals.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jsignals.core.PostSave;
import dev.jsignals.core.Signals;
import dev.jsignals.core.WriteContext;
import dev.jsignals.testsupport.Await;
import dev.jsignals.testsupport.StderrCapture;
import dev.jsignals.testsupport.TestBroker;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.kafka.CloudEventDeserializer;
import io.cloudevents.kafka.CloudEventSerializer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Records on the wire are CloudEvents in binary content mode, which the CloudEvents SDK reads; and
 * {@link SignalsConsumer} reads CloudEvents of any producer that follows the types, and the records
 * of earlier versions that carry only the {@link EventHeaders}.
 */
class CloudEventsOnTheWireTest {
  private static final String TRACEPARENT =
      "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
  private static final Instant COMMITTED = Instant.parse("2026-12-06T20:15:30.123Z");
  @RegisterExtension static final TestBroker broker = TestBroker.perClass();
  private final ModelEventCodec codec = ModelEventCodec.create();
  private final Signals signals = Signals.create();
  private final List<String> seen = new CopyOnWriteArrayList<>();
  private String topic = "";

  @BeforeEach
  void topicOfTheTest(TestInfo test) throws Exception {
    topic = test.getTestMethod().orElseThrow().getName();
    broker.createTopic(topic, 1);
    signals
        .postSave()
        .connect(
            Dish.class,
            e ->
                seen.add(
                    KafkaOrigin.of(e).orElseThrow().eventId()
                        + " "
                        + e.instance()
                        + " created="
                        + e.created()));
  }

  private SignalsConsumer consumer() {
    return SignalsConsumer.builder(broker.bootstrapServers(), "reader-" + topic, signals)
        .model(Dish.class)
        .topic(topic)
        .build();
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void thePublisherWritesACloudEventWithEveryAttributeThatTheSdkReads() throws Exception {
    byte[] payload = codec.encode(saved(new Dish(42, "dal")));
    OutboundEvent event =
        new OutboundEvent(
            "e-42",
            "post_save",
            Dish.class.getName(),
            Dish.class.getName(),
            Dish.class.getName() + ":42",
            payload,
            COMMITTED,
            Map.of("traceparent", TRACEPARENT, "tracestate", "kitchen=1"));
    try (KafkaPublisher publisher =
        KafkaPublisher.builder(broker.bootstrapServers())
            .topicFor(model -> topic)
            .source(URI.create("https://kitchen.example.com"))
            .build()) {
      publisher.send(event);
    }

    Map<String, Object> config = broker.clientConfig();
    config.put("group.id", "sdk-" + topic);
    config.put("auto.offset.reset", "earliest");
    List<ConsumerRecord<String, CloudEvent>> records = new ArrayList<>();
    try (var consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new CloudEventDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
      while (records.isEmpty() && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
    }
    ConsumerRecord<String, CloudEvent> record = records.get(0);
    assertThat(record.key()).isEqualTo("dev.jsignals.kafka.Dish:42");
    assertThat(record.headers().lastHeader("ce_id")).as("binary content mode").isNotNull();
    CloudEvent cloudEvent = record.value();
    assertThat(cloudEvent.getSpecVersion().toString()).isEqualTo("1.0");
    assertThat(cloudEvent.getId()).isEqualTo("e-42");
    assertThat(cloudEvent.getType()).isEqualTo("dev.jsignals.post_save");
    assertThat(cloudEvent.getSource()).isEqualTo(URI.create("https://kitchen.example.com"));
    assertThat(cloudEvent.getSubject()).isEqualTo("dev.jsignals.kafka.Dish:42");
    assertThat(cloudEvent.getTime())
        .isEqualTo(OffsetDateTime.of(2026, 12, 6, 20, 15, 30, 123_000_000, ZoneOffset.UTC));
    assertThat(cloudEvent.getDataContentType()).isEqualTo("application/json");
    assertThat(cloudEvent.getExtension("model")).isEqualTo("dev.jsignals.kafka.Dish");
    assertThat(cloudEvent.getExtension("sender")).isEqualTo("dev.jsignals.kafka.Dish");
    assertThat(cloudEvent.getData().toBytes()).isEqualTo(payload);
    // The write's trace context: the CloudEvents distributed-tracing extension, and the W3C
    // headers.
    assertThat(cloudEvent.getExtension("traceparent")).isEqualTo(TRACEPARENT);
    assertThat(cloudEvent.getExtension("tracestate")).isEqualTo("kitchen=1");
    assertThat(record.headers().lastHeader("ce_traceparent").value()).isEqualTo(utf8(TRACEPARENT));
    assertThat(record.headers().lastHeader("traceparent").value()).isEqualTo(utf8(TRACEPARENT));
    // The headers of earlier versions ride along, for consumers not yet upgraded.
    assertThat(record.headers().lastHeader(EventHeaders.EVENT_ID).value()).isEqualTo(utf8("e-42"));
    assertThat(record.headers().lastHeader(EventHeaders.SIGNAL).value())
        .isEqualTo(utf8("post_save"));
  }

  @Test
  void aCloudEventFromAnotherProducerReachesTheTypedReceivers() throws Exception {
    try (var producer =
        new KafkaProducer<String, CloudEvent>(
            broker.clientConfig(), new StringSerializer(), binarySerializer())) {
      producer
          .send(
              new ProducerRecord<>(
                  topic, "dev.jsignals.kafka.Dish:7", cloudEvent("ext-1", "sender", 7, "pho")))
          .get();
      // A producer that names only the model: for a save, the model is the sender.
      producer
          .send(
              new ProducerRecord<>(
                  topic, "dev.jsignals.kafka.Dish:8", cloudEvent("ext-2", "model", 8, "laksa")))
          .get();
    }
    try (SignalsConsumer consumer = consumer()) {
      consumer.start();
      Await.until("two events delivered", () -> consumer.delivered() == 2);
      assertThat(consumer.skipped()).isZero();
    }
    assertThat(seen)
        .containsExactly(
            "ext-1 Dish[id=7, name=pho] created=true", "ext-2 Dish[id=8, name=laksa] created=true");
  }

  /** The SDK's serializer in binary content mode, the mode {@link SignalsConsumer} reads. */
  private static CloudEventSerializer binarySerializer() {
    CloudEventSerializer serializer = new CloudEventSerializer();
    serializer.configure(Map.of(CloudEventSerializer.ENCODING_CONFIG, "BINARY"), false);
    return serializer;
  }

  private static CloudEvent cloudEvent(
      String id, String senderAttribute, long dishId, String name) {
    return CloudEventBuilder.v1()
        .withId(id)
        .withType("dev.jsignals.post_save")
        .withSource(URI.create("/menu-service"))
        .withSubject("dev.jsignals.kafka.Dish:" + dishId)
        .withTime(OffsetDateTime.now(ZoneOffset.UTC))
        .withExtension(senderAttribute, "dev.jsignals.kafka.Dish")
        .withData(
            "application/json",
            utf8(
                "{\"instance\":{\"id\":"
                    + dishId
                    + ",\"name\":\""
                    + name
                    + "\"},\"using\":\"default\",\"created\":true,\"raw\":false}"))
        .build();
  }

  @Test
  void aRecordWithOnlyTheOldHeadersIsStillRead() throws Exception {
    try (var producer =
        new KafkaProducer<>(
            broker.clientConfig(), new StringSerializer(), new ByteArraySerializer())) {
      var old =
          new ProducerRecord<>(
              topic,
              "dev.jsignals.kafka.Dish:3",
              utf8(
                  "{\"instance\":{\"id\":3,\"name\":\"tea\"},\"using\":\"default\","
                      + "\"created\":false,\"raw\":false}"));
      old.headers().add(EventHeaders.EVENT_ID, utf8("old-3"));
      old.headers().add(EventHeaders.SIGNAL, utf8("post_save"));
      old.headers().add(EventHeaders.MODEL, utf8(Dish.class.getName()));
      old.headers().add(EventHeaders.SENDER, utf8(Dish.class.getName()));
      producer.send(old).get();
    }
    try (SignalsConsumer consumer = consumer()) {
      consumer.start();
      Await.until("the event delivered", () -> consumer.delivered() == 1);
    }
    assertThat(seen).containsExactly("old-3 Dish[id=3, name=tea] created=false");
  }

  @Test
  void aCloudEventOfAnotherTypeIsSkippedAndLogged() throws Exception {
    try (var producer =
        new KafkaProducer<String, CloudEvent>(
            broker.clientConfig(), new StringSerializer(), binarySerializer())) {
      CloudEvent order =
          CloudEventBuilder.v1()
              .withId("order-1")
              .withType("com.example.order_placed")
              .withSource(URI.create("/shop"))
              .withData("application/json", utf8("{}"))
              .build();
      producer.send(new ProducerRecord<>(topic, "order:1", order)).get();
    }
    try (var publisher =
        KafkaPublisher.builder(broker.bootstrapServers()).topicFor(m -> topic).build()) {
      publisher.send(OutboundEvent.of("ours", saved(new Dish(1, "rice")), 1, codec));
    }
    try (StderrCapture log = new StderrCapture();
        SignalsConsumer consumer = consumer()) {
      consumer.start();
      Await.until("our event delivered", () -> consumer.delivered() == 1);
      assertThat(consumer.skipped()).isEqualTo(1);
      assertThat(log.text())
          .contains("Skipped record KafkaOrigin[eventId=order-1")
          .contains("CloudEvent type 'com.example.order_placed' is not dev.jsignals.<signal>");
    }
    assertThat(seen).containsExactly("ours Dish[id=1, name=rice] created=true");
  }

  private static PostSave<Dish> saved(Dish dish) {
    return new PostSave<>(Dish.class, dish, true, false, "default", null, WriteContext.NONE);
  }
}
