package dev.jsignals.spring;

import dev.jsignals.core.Signals;
import dev.jsignals.outbox.Outbox;
import dev.jsignals.outbox.OutboxMetrics;
import dev.jsignals.outbox.TracePropagation;
import io.micrometer.core.instrument.MeterRegistry;
import org.jdbi.v3.core.Jdbi;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration of the outbox (when signals-outbox is on the class path and {@code
 * jsignals.outbox.enabled} is not false): a {@link SignalsOutbox} lifecycle bean, its Micrometer
 * meters when Micrometer is present, and its health indicator when Spring Boot's health module is.
 */
@AutoConfiguration(after = SignalsAutoConfiguration.class)
@ConditionalOnClass(Outbox.class)
@ConditionalOnProperty(name = "jsignals.outbox.enabled", matchIfMissing = true)
@EnableConfigurationProperties(OutboxProperties.class)
public class OutboxAutoConfiguration {

  /** Creates the auto-configuration; Spring calls it. */
  public OutboxAutoConfiguration() {}

  /**
   * The outbox, built and started with the context.
   *
   * @param jdbi the application's Jdbi
   * @param signals the application's signals
   * @param properties the {@code jsignals.outbox.*} properties
   * @param started what runs once the outbox is built, such as binding its meters
   * @param propagation carries the writes' trace contexts to their deliveries, when there is one
   *     (see {@link SignalsTracingAutoConfiguration})
   * @return the lifecycle bean
   */
  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnSingleCandidate(Jdbi.class)
  public SignalsOutbox signalsOutbox(
      Jdbi jdbi,
      Signals signals,
      OutboxProperties properties,
      ObjectProvider<SignalsOutbox.Started> started,
      ObjectProvider<TracePropagation> propagation) {
    return new SignalsOutbox(
        jdbi, signals, properties, started.orderedStream().toList(), propagation.getIfUnique());
  }

  /** The outbox's meters, bound to the registry when the outbox starts. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(MeterRegistry.class)
  static class Metrics {
    @Bean
    SignalsOutbox.Started jsignalsOutboxMetrics(ObjectProvider<MeterRegistry> registry) {
      return outbox -> registry.ifAvailable(r -> new OutboxMetrics(outbox).bindTo(r));
    }
  }

  /** The outbox's health indicator. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(HealthIndicator.class)
  static class HealthCheck {
    @Bean
    @ConditionalOnMissingBean(name = "jsignalsOutboxHealthIndicator")
    HealthIndicator jsignalsOutboxHealthIndicator(
        SignalsOutbox outbox, OutboxProperties properties) {
      return new OutboxHealthIndicator(outbox, properties.health());
    }
  }
}
