package dev.jsignals.example.kafka;

import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A real one-node Kafka cluster (combined KRaft broker and controller) in the test JVM. The suites
 * that declare {@code @ExtendWith(Broker.Shared.class)} share one, given to a {@code Broker}
 * parameter: started by the first of them, closed once every suite of the JVM has run.
 */
final class Broker implements AutoCloseable {
  private final KafkaClusterTestKit cluster;

  private Broker(KafkaClusterTestKit cluster) {
    this.cluster = cluster;
  }

  static Broker start() throws Exception {
    KafkaClusterTestKit cluster =
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
    cluster.format();
    cluster.startup();
    cluster.waitForReadyBrokers();
    return new Broker(cluster);
  }

  String bootstrapServers() {
    return cluster.bootstrapServers();
  }

  @Override
  public void close() throws Exception {
    cluster.close();
  }

  /** Resolves a {@code Broker} parameter to the one broker of this test JVM. */
  static final class Shared implements ParameterResolver {
    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
      return parameter.getParameter().getType() == Broker.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
      // The root context's store closes what it holds (an AutoCloseable) after the last suite.
      return context
          .getRoot()
          .getStore(ExtensionContext.Namespace.create(Broker.class))
          .getOrComputeIfAbsent(
              Broker.class,
              key -> {
                try {
                  return start();
                } catch (Exception e) {
                  throw new ParameterResolutionException("The test broker did not start", e);
                }
              },
              Broker.class);
    }
  }
}
