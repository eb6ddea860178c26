package dev.jsignals.spring;

import dev.jsignals.core.Signals;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Auto-configuration of {@code /actuator/signals}, when Spring Boot's Actuator is present. */
@AutoConfiguration(after = {SignalsAutoConfiguration.class, OutboxAutoConfiguration.class})
@ConditionalOnClass(Endpoint.class)
public class SignalsActuatorAutoConfiguration {
  private static final String OUTBOX = "dev.jsignals.outbox.Outbox";

  /** Creates the auto-configuration; Spring calls it. */
  public SignalsActuatorAutoConfiguration() {}

  /** The endpoint of an application with signals-outbox. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = OUTBOX)
  static class WithOutbox {
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnAvailableEndpoint
    SignalsEndpoint signalsEndpoint(Signals signals, ObjectProvider<SignalsOutbox> outbox) {
      return new SignalsEndpoint(signals, () -> OutboxReport.of(outbox.getIfAvailable()));
    }
  }

  /** The endpoint of an application without signals-outbox. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnMissingClass(OUTBOX)
  static class WithoutOutbox {
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnAvailableEndpoint
    SignalsEndpoint signalsEndpoint(Signals signals) {
      return new SignalsEndpoint(signals, () -> null);
    }
  }
}
