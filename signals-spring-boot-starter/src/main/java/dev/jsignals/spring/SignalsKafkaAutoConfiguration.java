package dev.jsignals.spring;

import dev.jsignals.core.Signals;
import dev.jsignals.kafka.KafkaPublisher;
import dev.jsignals.kafka.KafkaTarget;
import dev.jsignals.outbox.Outbox;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration of the outbox's Kafka target (when signals-kafka, the outbox and Spring Boot's
 * Kafka module are on the class path, at least one route is set, and {@code jsignals.kafka.enabled}
 * is not false): a {@link KafkaPublisher} whose producer is configured from {@code spring.kafka.*}
 * (bootstrap servers, client id, security, {@code spring.kafka.producer.*}), and the routes {@code
 * jsignals.kafka.post-save}, {@code .post-delete} and {@code .m2m-changed} set up on the outbox
 * before its relays start. The publisher backs off when the application defines its own; the routes
 * then use that one.
 */
@AutoConfiguration(
    before = OutboxAutoConfiguration.class,
    after = SignalsAutoConfiguration.class,
    afterName = "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration")
@ConditionalOnClass({KafkaPublisher.class, Outbox.class, KafkaProperties.class})
@ConditionalOnProperty(name = "jsignals.kafka.enabled", matchIfMissing = true)
@EnableConfigurationProperties({KafkaRoutesProperties.class, KafkaProperties.class})
public class SignalsKafkaAutoConfiguration {
  /** What the publisher fixes: Spring's values for these are not passed on. */
  private static final Set<String> FIXED =
      Set.of(
          ProducerConfig.ACKS_CONFIG,
          ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
          ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
          ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG);

  /** Creates the auto-configuration; Spring calls it. */
  public SignalsKafkaAutoConfiguration() {}

  /** The publisher and the routes, made only when a route is set. */
  @Configuration(proxyBeanMethods = false)
  @Conditional(KafkaRoutesCondition.class)
  static class Routes {
    /**
     * The publisher of the outbox's Kafka routes, its producer configured from {@code
     * spring.kafka.*} except what it fixes (acks=all, idempotence, its serializers). Closed with
     * the context.
     *
     * @param kafka Spring Boot's Kafka properties
     * @param routes the {@code jsignals.kafka.*} properties
     * @return the publisher
     */
    @Bean
    @ConditionalOnMissingBean
    public KafkaPublisher jsignalsKafkaPublisher(
        KafkaProperties kafka, KafkaRoutesProperties routes) {
      Map<String, Object> producer = kafka.buildProducerProperties();
      KafkaPublisher.Builder builder =
          KafkaPublisher.builder(String.join(",", kafka.getBootstrapServers()));
      producer.forEach(
          (name, value) -> {
            if (!FIXED.contains(name)) {
              builder.property(name, value);
            }
          });
      if (routes.source() != null) {
        builder.source(routes.source());
      }
      return builder.build();
    }

    @Bean
    SignalsOutbox.Started jsignalsKafkaRoutes(
        Signals signals, KafkaPublisher publisher, KafkaRoutesProperties routes) {
      return outbox -> {
        routes
            .postSave()
            .forEach(m -> KafkaTarget.route(outbox, signals.postSave().signal(), m, publisher));
        routes
            .postDelete()
            .forEach(m -> KafkaTarget.route(outbox, signals.postDelete().signal(), m, publisher));
        routes
            .m2mChanged()
            .forEach(m -> KafkaTarget.route(outbox, signals.m2mChanged(), m, publisher));
      };
    }
  }
}
