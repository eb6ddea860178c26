package dev.jsignals.spring;

import dev.jsignals.core.Signals;
import dev.jsignals.dispatch.SignalInterceptor;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of Micrometer observations of sends and receiver calls (when Micrometer's
 * observation API is on the class path and the application has an {@link ObservationRegistry}, as
 * Spring Boot's Actuator gives it, and {@code jsignals.observations.enabled} is not false): a
 * {@link SignalInterceptor} bean that records {@code jsignals.send} and {@code jsignals.receiver},
 * installed on every {@link Signals} bean. Backs off when the application defines its own {@code
 * SignalInterceptor}.
 */
@AutoConfiguration(
    after = SignalsAutoConfiguration.class,
    afterName =
        "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnClass({Signals.class, ObservationRegistry.class})
@ConditionalOnProperty(name = "jsignals.observations.enabled", matchIfMissing = true)
public class SignalsObservationAutoConfiguration {

  /** Creates the auto-configuration; Spring calls it. */
  public SignalsObservationAutoConfiguration() {}

  /**
   * The interceptor that records an observation around each send and each receiver call.
   *
   * @param registry the application's observation registry
   * @return the interceptor, installed on every {@code Signals} bean
   */
  @Bean
  @ConditionalOnBean(ObservationRegistry.class)
  @ConditionalOnMissingBean
  public SignalInterceptor jsignalsObservations(ObservationRegistry registry) {
    return new SignalObservations(registry);
  }
}
