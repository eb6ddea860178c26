package dev.jsignals.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jsignals.core.PostDelete;
import dev.jsignals.core.PostSave;
import dev.jsignals.core.Signals;
import dev.jsignals.core.WriteContext;
import dev.jsignals.testsupport.Await;
import dev.jsignals.testsupport.TestBroker;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;

class SignalsConsumerTest {
  @RegisterExtension static final TestBroker broker = TestBroker.perClass();
  private final ModelEventCodec codec = ModelEventCodec.create();
  private final Signals signals = Signals.create();
  private final List<String> seen = new CopyOnWriteArrayList<>();
  private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
  private PrintStream originalErr = System.err;
  private String topic = "";

  @BeforeEach
  void captureStderr(TestInfo test) throws Exception {
    topic = test.getTestMethod().orElseThrow().getName();
    broker.createTopic(topic, 1);
    originalErr = System.err;
    System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restoreStderr() {
    System.setErr(originalErr);
  }

  private String log() {
    return stderr.toString(StandardCharsets.UTF_8);
  }

  private SignalsConsumer consumer(String group) {
    return SignalsConsumer.builder(broker.bootstrapServers(), group, signals)
        .model(Dish.class)
        .model(Diner.class)
        .topic(topic)
        .retryBackoff(java.time.Duration.ofMillis(50), java.time.Duration.ofMillis(200))
        .build();
  }

  private void publishTo(String eventId, Dish dish) {
    try (KafkaPublisher p =
        KafkaPublisher.builder(broker.bootstrapServers()).topicFor(model -> topic).build()) {
      OutboundEvent event =
          OutboundEvent.of(
              eventId,
              new PostSave<>(Dish.class, dish, true, false, "default", null, WriteContext.NONE),
              dish.id(),
              codec);
      assertThat(p.publish(List.of(event)).allAcknowledged()).isTrue();
    }
  }

  private @org.jspecify.annotations.Nullable OffsetAndMetadata committed(String group)
      throws Exception {
    Properties props = new Properties();
    props.put("bootstrap.servers", broker.bootstrapServers());
    try (Admin admin = Admin.create(props)) {
      Map<TopicPartition, OffsetAndMetadata> offsets =
          admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
      return offsets.get(new TopicPartition(topic, 0));
    }
  }

  @Test
  void publishedEventsReachTheTypedReceiversWithTheirEventId() throws Exception {
    signals
        .postSave()
        .connect(
            Dish.class,
            e -> seen.add(KafkaOrigin.of(e).orElseThrow().eventId() + " " + e.instance().name()));
    signals.postSave().connect(Diner.class, e -> seen.add("a diner: wrong sender"));
    publishTo("id-1", new Dish(1, "dal"));
    publishTo("id-2", new Dish(2, "soup"));
    try (SignalsConsumer consumer = consumer("typed")) {
      consumer.start();
      Await.until("two events arrived", () -> seen.size() >= 2);
      assertThat(consumer.delivered()).isEqualTo(2);
    }
    assertThat(seen).containsExactly("id-1 dal", "id-2 soup");
    assertThat(log()).isEmpty();
  }

  @Test
  void aFailingReceiverIsRetriedAndItsOffsetIsNotCommittedUntilItSucceeds() throws Exception {
    AtomicBoolean failing = new AtomicBoolean(true);
    signals
        .postSave()
        .connect(
            Dish.class,
            e -> {
              seen.add(KafkaOrigin.of(e).orElseThrow().eventId());
              if (failing.get() && e.instance().id() == 1) {
                throw new IllegalStateException("mail server down");
              }
            });
    publishTo("first", new Dish(1, "dal"));
    publishTo("second", new Dish(2, "soup"));
    try (SignalsConsumer consumer = consumer("retry")) {
      consumer.start();
      Await.until("the receiver failed twice", () -> consumer.failures() >= 2);
      assertThat(committed("retry")).isNull();
      assertThat(seen).doesNotContain("second");
      failing.set(false);
      Await.until("both events delivered", () -> consumer.delivered() == 2);
      Await.until("offset 2 committed", () -> offsetIs("retry", 2));
    }
    assertThat(seen.subList(0, seen.size() - 1)).containsOnly("first").hasSizeGreaterThan(2);
    assertThat(seen.get(seen.size() - 1)).isEqualTo("second");
    assertThat(log())
        .contains("A receiver of KafkaOrigin[eventId=first")
        .contains("mail server down");
  }

  private boolean offsetIs(String group, long offset) {
    try {
      OffsetAndMetadata committed = committed(group);
      return committed != null && committed.offset() == offset;
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void aDuplicateRecordReachesReceiversWithTheSameEventId() throws Exception {
    signals
        .postSave()
        .connect(Dish.class, e -> seen.add(KafkaOrigin.of(e).orElseThrow().eventId()));
    publishTo("dup", new Dish(5, "tea"));
    publishTo("dup", new Dish(5, "tea"));
    try (SignalsConsumer consumer = consumer("duplicates")) {
      consumer.start();
      Await.until("two records delivered", () -> consumer.delivered() == 2);
    }
    assertThat(seen).containsExactly("dup", "dup");
  }

  @Test
  void aRestartedConsumerResumesAfterTheLastCommittedRecord() throws Exception {
    signals.postSave().connect(Dish.class, e -> seen.add(e.instance().name()));
    publishTo("r-1", new Dish(1, "a"));
    publishTo("r-2", new Dish(2, "b"));
    try (SignalsConsumer consumer = consumer("resume")) {
      consumer.start();
      Await.until("two delivered", () -> consumer.delivered() == 2);
    }
    publishTo("r-3", new Dish(3, "c"));
    try (SignalsConsumer consumer = consumer("resume")) {
      consumer.start();
      Await.until("one more delivered", () -> consumer.delivered() == 1);
    }
    assertThat(seen).containsExactly("a", "b", "c");
  }

  @Test
  void aRecordThatIsNotAModelEventIsSkippedAndLogged() throws Exception {
    signals.postSave().connect(Dish.class, e -> seen.add(e.instance().name()));
    try (var raw =
        new KafkaProducer<>(
            broker.clientConfig(), new StringSerializer(), new ByteArraySerializer())) {
      raw.send(new ProducerRecord<>(topic, "k", "no headers".getBytes(StandardCharsets.UTF_8)))
          .get();
      var garbage = new ProducerRecord<>(topic, "k", "not json".getBytes(StandardCharsets.UTF_8));
      garbage.headers().add(EventHeaders.SIGNAL, "post_save".getBytes(StandardCharsets.UTF_8));
      garbage
          .headers()
          .add(EventHeaders.SENDER, Dish.class.getName().getBytes(StandardCharsets.UTF_8));
      raw.send(garbage).get();
    }
    publishTo("good", new Dish(1, "dal"));
    try (SignalsConsumer consumer = consumer("skipping")) {
      consumer.start();
      Await.until("the good one delivered", () -> consumer.delivered() == 1);
      assertThat(consumer.skipped()).isEqualTo(2);
    }
    assertThat(seen).containsExactly("dal");
    assertThat(log())
        .contains("Skipped record KafkaOrigin[eventId=" + topic + "/0/0")
        .contains("neither a CloudEvent in binary content mode")
        .contains("Skipped record KafkaOrigin[eventId=" + topic + "/0/1")
        .contains("not JSON");
  }

  @Test
  void deletesArriveAsDeleteEvents() throws Exception {
    signals.postDelete().connect(Dish.class, e -> seen.add("deleted " + e.instance().name()));
    Dish dish = new Dish(8, "pie");
    try (KafkaPublisher p =
        KafkaPublisher.builder(broker.bootstrapServers()).topicFor(model -> topic).build()) {
      p.publish(
          List.of(
              OutboundEvent.of(
                  "del-1",
                  new PostDelete<>(Dish.class, dish, "default", dish, WriteContext.NONE),
                  dish.id(),
                  codec)));
    }
    try (SignalsConsumer consumer = consumer("deletes")) {
      consumer.start();
      Await.until("the delete delivered", () -> consumer.delivered() == 1);
    }
    assertThat(seen).containsExactly("deleted pie");
  }

  @Test
  void aConsumerWithoutModelsIsRefused() {
    assertThatThrownBy(() -> SignalsConsumer.builder("localhost:9092", "g", signals).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("register at least one model");
  }

  @Test
  void receiversCannotWriteThroughAReceivedEvent() throws Exception {
    List<String> errors = new CopyOnWriteArrayList<>();
    signals
        .postSave()
        .connect(
            Dish.class,
            e -> {
              try {
                e.attach(Runnable.class);
              } catch (IllegalStateException refused) {
                errors.add(refused.getMessage());
              }
            });
    publishTo("att", new Dish(1, "x"));
    try (SignalsConsumer consumer = consumer("attach")) {
      consumer.start();
      Await.until("delivered", () -> consumer.delivered() == 1);
    }
    assertThat(errors).singleElement().asString().contains("event att was received from Kafka");
  }
}
