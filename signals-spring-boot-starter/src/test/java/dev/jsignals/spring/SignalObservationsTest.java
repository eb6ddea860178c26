package dev.jsignals.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jsignals.core.Signals;
import dev.jsignals.dispatch.ConnectOptions;
import dev.jsignals.dispatch.Signal;
import dev.jsignals.dispatch.SignalInterceptor;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Micrometer observations of sends and receiver calls, read back from a real {@link MeterRegistry}
 * and a {@link TestObservationRegistry} in a real context: tagged by signal, sender and receiver,
 * with a receiver's failure recorded; none without an observation registry or when switched off.
 */
class SignalObservationsTest {
  private static final String AUDIT = NoteReceivers.class.getName() + "#audit";

  record Shipped(String order) {}

  @Configuration(proxyBeanMethods = false)
  static class Registries {
    @Bean
    MeterRegistry meterRegistry() {
      return new SimpleMeterRegistry();
    }

    @Bean
    TestObservationRegistry observationRegistry(MeterRegistry meters) {
      TestObservationRegistry registry = TestObservationRegistry.create();
      registry.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
      return registry;
    }
  }

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  SignalsAutoConfiguration.class,
                  OutboxAutoConfiguration.class,
                  SignalsObservationAutoConfiguration.class))
          .withUserConfiguration(TestApp.class)
          .withPropertyValues("jsignals.outbox.enabled=false");

  @Test
  void aSaveIsObservedAsOneSendAndOneCallOfEachReceiverWithLowCardinalityTags() {
    runner
        .withUserConfiguration(Registries.class)
        .withPropertyValues("jsignals.outbox.enabled=true") // for the durable NoteMail receiver
        .run(
            context -> {
              context.getBean(NoteService.class).create("soup");

              MeterRegistry meters = context.getBean(MeterRegistry.class);
              Timer send =
                  meters
                      .get("jsignals.send")
                      .tags("signal", "post_save", "sender", Note.class.getName())
                      .tag("error", "none")
                      .timer();
              assertThat(send.count()).isEqualTo(1);
              Timer receiver =
                  meters
                      .get("jsignals.receiver")
                      .tags("signal", "post_save", "sender", Note.class.getName())
                      .tags("receiver", AUDIT, "error", "none")
                      .timer();
              assertThat(receiver.count()).isEqualTo(1);
              TestObservationRegistryAssert.assertThat(
                      context.getBean(TestObservationRegistry.class))
                  .hasObservationWithNameEqualTo("jsignals.send")
                  .that()
                  .hasContextualNameEqualTo("post_save send")
                  .hasLowCardinalityKeyValue("sender", Note.class.getName())
                  .hasBeenStopped();
            });
  }

  @Test
  void aFailingReceiverIsRecordedAsTheErrorOfItsCallAndOfTheSend() {
    runner
        .withUserConfiguration(Registries.class)
        .run(
            context -> {
              Signal<Shipped> shipped = context.getBean(Signals.class).signal(Shipped.class);
              shipped.connect(
                  ConnectOptions.anySender().name("stock.reserve"),
                  e -> {
                    throw new IllegalStateException("no stock for " + e.order());
                  });

              assertThatThrownBy(() -> shipped.send(Shipped.class, new Shipped("42")))
                  .hasMessage("no stock for 42");

              MeterRegistry meters = context.getBean(MeterRegistry.class);
              assertThat(
                      meters
                          .get("jsignals.receiver")
                          .tags("signal", "Shipped", "receiver", "stock.reserve")
                          .tag("error", "IllegalStateException")
                          .timer()
                          .count())
                  .isEqualTo(1);
              assertThat(
                      meters
                          .get("jsignals.send")
                          .tags("signal", "Shipped", "sender", Shipped.class.getName())
                          .tag("error", "IllegalStateException")
                          .timer()
                          .count())
                  .isEqualTo(1);
            });
  }

  @Test
  void withoutAnObservationRegistryOrWhenSwitchedOffNothingIsInstalled() {
    runner.run(
        context -> {
          assertThat(context).doesNotHaveBean(SignalInterceptor.class);
          assertThat(context.getBean(Signals.class).postSave().signal().interceptor()).isNull();
        });
    runner
        .withUserConfiguration(Registries.class)
        .withPropertyValues("jsignals.observations.enabled=false")
        .run(
            context -> {
              assertThat(context).doesNotHaveBean(SignalInterceptor.class);
              assertThat(context.getBean(Signals.class).postSave().signal().interceptor()).isNull();
            });
  }

  @Test
  void theInterceptorIsInstalledOnEveryModelAndCustomSignal() {
    runner
        .withUserConfiguration(Registries.class)
        .run(
            context -> {
              Signals signals = context.getBean(Signals.class);
              SignalInterceptor observing = context.getBean(SignalInterceptor.class);
              assertThat(context.getBean(ObservationRegistry.class)).isNotNull();
              assertThat(signals.preSave().signal().interceptor()).isSameAs(observing);
              assertThat(signals.m2mChanged().interceptor()).isSameAs(observing);
              assertThat(signals.signal(Shipped.class).interceptor()).isSameAs(observing);
            });
  }
}
