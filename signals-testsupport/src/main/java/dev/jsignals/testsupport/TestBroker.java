package dev.jsignals.testsupport;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real one-node Kafka cluster (one combined KRaft broker and controller) in the test JVM, for a
 * test class: started by {@link #start()}, or by JUnit before the class's first test when a suite
 * declares {@code @RegisterExtension static final TestBroker broker = TestBroker.perClass();}
 * (closed after its last). The suite that uses it declares Kafka's test kit ({@code
 * kafka-test-common-runtime}, {@code kafka_2.13}) in test scope. Safe to use from several threads,
 * as Kafka's test kit is.
 */
public final class TestBroker implements AutoCloseable, BeforeAllCallback, AfterAllCallback {
  private volatile KafkaClusterTestKit cluster;

  private TestBroker() {}

  /**
   * Formats and starts the node, and waits until the broker serves.
   *
   * @return the running broker
   * @throws Exception if the node does not start
   */
  public static TestBroker start() throws Exception {
    TestBroker broker = new TestBroker();
    broker.startNode();
    return broker;
  }

  /**
   * A broker for a test class's static {@code @RegisterExtension} field: JUnit starts it before the
   * class's first test and closes it after its last.
   *
   * @return the broker, not started yet
   */
  public static TestBroker perClass() {
    return new TestBroker();
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    startNode();
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    close();
  }

  private void startNode() throws Exception {
    KafkaClusterTestKit node =
        new KafkaClusterTestKit.Builder(
                new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .build())
            // One node: the internal topics cannot have more than one replica.
            .setConfigProp("offsets.topic.replication.factor", "1")
            .setConfigProp("offsets.topic.num.partitions", "1")
            .setConfigProp("transaction.state.log.replication.factor", "1")
            .setConfigProp("transaction.state.log.min.isr", "1")
            .setConfigProp("min.insync.replicas", "1")
            .setConfigProp("group.initial.rebalance.delay.ms", "0")
            .build();
    node.format();
    node.startup();
    node.waitForReadyBrokers();
    cluster = node;
  }

  private KafkaClusterTestKit cluster() {
    KafkaClusterTestKit started = cluster;
    if (started == null) {
      throw new IllegalStateException(
          "the test broker has not started: call TestBroker.start(), or register"
              + " TestBroker.perClass() in a static @RegisterExtension field");
    }
    return started;
  }

  /**
   * The broker's address, for {@code bootstrap.servers}.
   *
   * @return host:port
   */
  public String bootstrapServers() {
    return cluster().bootstrapServers();
  }

  /**
   * A client configuration that names this broker.
   *
   * @return a new, modifiable map holding {@code bootstrap.servers}
   */
  public Map<String, Object> clientConfig() {
    Map<String, Object> config = new HashMap<>();
    config.put("bootstrap.servers", bootstrapServers());
    return config;
  }

  /**
   * Creates a topic with one replica.
   *
   * @param name the topic
   * @param partitions its number of partitions
   * @throws Exception if the broker refuses it
   */
  public void createTopic(String name, int partitions) throws Exception {
    Properties props = new Properties();
    props.put("bootstrap.servers", bootstrapServers());
    try (Admin admin = Admin.create(props)) {
      admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get();
    }
  }

  /** Stops the broker half of the node; its log stays, the controller runs on. */
  public void stopBroker() {
    cluster().brokers().values().forEach(b -> b.shutdown());
    cluster().brokers().values().forEach(b -> b.awaitShutdown());
  }

  /**
   * Starts the broker again on the same port and log, and waits until it serves.
   *
   * @throws Exception if it does not start
   */
  public void startBroker() throws Exception {
    cluster().brokers().values().forEach(b -> b.startup());
    cluster().waitForReadyBrokers();
  }

  @Override
  public void close() throws Exception {
    KafkaClusterTestKit started = cluster;
    if (started != null) {
      started.close();
    }
  }
}
