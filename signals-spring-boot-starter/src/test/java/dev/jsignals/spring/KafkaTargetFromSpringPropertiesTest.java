package dev.jsignals.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jsignals.kafka.KafkaPublisher;
import dev.jsignals.testsupport.TestBroker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The outbox's Kafka target configured from Spring Boot's {@code spring.kafka.*} properties: a
 * saved note reaches a real in-process broker as a CloudEvent on the model's topic; a publisher the
 * application defines replaces the configured one.
 */
class KafkaTargetFromSpringPropertiesTest {
  private static final String TOPIC = "dev.jsignals.spring.Note";
  private static TestBroker broker;

  @BeforeAll
  static void startBroker() throws Exception {
    broker = TestBroker.start();
    broker.createTopic(TOPIC, 1);
  }

  @AfterAll
  static void stopBroker() throws Exception {
    broker.close();
  }

  private ApplicationContextRunner runner() {
    return new ApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(
                SignalsAutoConfiguration.class,
                OutboxAutoConfiguration.class,
                SignalsKafkaAutoConfiguration.class))
        .withUserConfiguration(TestApp.class)
        .withPropertyValues(
            "spring.kafka.bootstrap-servers=" + broker.bootstrapServers(),
            "spring.kafka.producer.client-id=notes-relay",
            "jsignals.kafka.source=/notes",
            "jsignals.kafka.post-save=" + Note.class.getName(),
            "jsignals.outbox.poll-interval=200ms");
  }

  @Test
  void aSavedNoteIsPublishedOnItsTopicThroughTheProducerSpringsPropertiesConfigure()
      throws Exception {
    runner()
        .run(
            context -> {
              KafkaPublisher publisher = context.getBean(KafkaPublisher.class);
              assertThat(publisher.topicFor(Note.class.getName())).isEqualTo(TOPIC);

              context.getBean(NoteService.class).create("kafka soup");

              ConsumerRecord<String, String> record = awaitRecord("kafka soup");
              assertThat(header(record, "ce_type")).isEqualTo("dev.jsignals.post_save");
              assertThat(header(record, "ce_source")).isEqualTo("/notes");
              assertThat(record.key()).startsWith(Note.class.getName() + ":");
            });
  }

  @Test
  void aPublisherTheApplicationDefinesReplacesTheConfiguredOne() {
    runner()
        .withBean(
            "myPublisher",
            KafkaPublisher.class,
            () -> KafkaPublisher.builder(broker.bootstrapServers()).topicFor(m -> "mine").build())
        .run(
            context -> {
              assertThat(context).hasSingleBean(KafkaPublisher.class);
              assertThat(context.getBean(KafkaPublisher.class).topicFor(TOPIC)).isEqualTo("mine");
              assertThat(context).doesNotHaveBean("jsignalsKafkaPublisher");
            });
  }

  @Test
  void withoutRoutesOrWhenSwitchedOffNoProducerIsMade() {
    runner()
        .withPropertyValues("jsignals.kafka.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean(KafkaPublisher.class));
    runner()
        .withPropertyValues("jsignals.kafka.post-save=")
        .run(context -> assertThat(context).doesNotHaveBean(KafkaPublisher.class));
  }

  private static ConsumerRecord<String, String> awaitRecord(String text) {
    Map<String, Object> config = broker.clientConfig();
    config.put(ConsumerConfig.GROUP_ID_CONFIG, "check-" + System.nanoTime());
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, 30_000);
    try (var consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(TOPIC));
      long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
      List<String> seen = new ArrayList<>();
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
          seen.add(record.value());
          if (record.value().contains(text)) {
            return record;
          }
        }
      }
      throw new AssertionError("No record holding '" + text + "' within 3 minutes; saw " + seen);
    }
  }

  private static String header(ConsumerRecord<String, String> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }
}
