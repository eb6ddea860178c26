package dev.jsignals.kafka;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/** One combined KRaft node (broker and controller), in-process, for a test class. */
final class TestBroker implements AutoCloseable {
  private final KafkaClusterTestKit cluster;

  private TestBroker(KafkaClusterTestKit cluster) {
    this.cluster = cluster;
  }

  static TestBroker start() throws Exception {
    KafkaClusterTestKit cluster =
        new KafkaClusterTestKit.Builder(
                new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .build())
            .setConfigProp("offsets.topic.replication.factor", "1")
            .setConfigProp("offsets.topic.num.partitions", "1")
            .setConfigProp("transaction.state.log.replication.factor", "1")
            .setConfigProp("transaction.state.log.min.isr", "1")
            .setConfigProp("min.insync.replicas", "1")
            .setConfigProp("group.initial.rebalance.delay.ms", "0")
            .build();
    cluster.format();
    cluster.startup();
    cluster.waitForReadyBrokers();
    return new TestBroker(cluster);
  }

  String bootstrapServers() {
    return cluster.bootstrapServers();
  }

  Map<String, Object> clientConfig() {
    Map<String, Object> config = new HashMap<>();
    config.put("bootstrap.servers", bootstrapServers());
    return config;
  }

  void createTopic(String name, int partitions) throws Exception {
    Properties props = new Properties();
    props.put("bootstrap.servers", bootstrapServers());
    try (Admin admin = Admin.create(props)) {
      admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get();
    }
  }

  /** Stops the broker half of the node; its log stays, the controller runs on. */
  void stopBroker() {
    cluster.brokers().values().forEach(b -> b.shutdown());
    cluster.brokers().values().forEach(b -> b.awaitShutdown());
  }

  /** Starts the broker again on the same port and log, and waits until it serves. */
  void startBroker() throws Exception {
    cluster.brokers().values().forEach(b -> b.startup());
    cluster.waitForReadyBrokers();
  }

  @Override
  public void close() throws Exception {
    cluster.close();
  }
}
