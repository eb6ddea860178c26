package dev.jsignals.spring;

import dev.jsignals.outbox.TracePropagation;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the outbox's trace propagation over Micrometer Tracing (when
 * micrometer-tracing and signals-outbox are on the class path, the application has a {@link Tracer}
 * and a {@link Propagator}, as Spring Boot's tracing modules give them, and {@code
 * jsignals.tracing.enabled} is not false): a {@link TracePropagation} bean that the outbox uses, so
 * that a durable receiver runs in the trace of the write that raised its event, and the Kafka
 * target sends that trace on. Backs off when the application defines its own {@code
 * TracePropagation}.
 */
@AutoConfiguration(
    before = OutboxAutoConfiguration.class,
    afterName = {
      "org.springframework.boot.micrometer.tracing.brave.autoconfigure.BraveAutoConfiguration",
      "org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure"
          + ".OpenTelemetryTracingAutoConfiguration",
      "org.springframework.boot.micrometer.tracing.autoconfigure.NoopTracerAutoConfiguration"
    })
@ConditionalOnClass({TracePropagation.class, Tracer.class, Propagator.class})
@ConditionalOnProperty(name = "jsignals.tracing.enabled", matchIfMissing = true)
public class SignalsTracingAutoConfiguration {

  /** Creates the auto-configuration; Spring calls it. */
  public SignalsTracingAutoConfiguration() {}

  /**
   * The propagation: captures the current span's context when a durable write records its row, and
   * runs each delivery in a child span {@code jsignals.deliver <receiver>}.
   *
   * @param tracer the application's tracer
   * @param propagator the application's propagator (W3C unless configured otherwise)
   * @return the propagation, given to the outbox
   */
  @Bean
  @ConditionalOnBean({Tracer.class, Propagator.class})
  @ConditionalOnMissingBean
  public TracePropagation jsignalsTracePropagation(Tracer tracer, Propagator propagator) {
    return new MicrometerTracePropagation(tracer, propagator);
  }
}
