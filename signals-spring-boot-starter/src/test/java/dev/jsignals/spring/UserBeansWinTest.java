package dev.jsignals.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jsignals.core.Signals;
import dev.jsignals.dispatch.SignalInterceptor;
import dev.jsignals.jdbi.CommitScheduler;
import io.micrometer.observation.ObservationRegistry;
import java.util.List;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Every bean the starter defines backs off when the application defines its own, and the
 * application's is the one wired in: its {@code Signals} gets the receivers, its {@code Jdbi} the
 * plugins, its interceptor is installed. ({@code SignalsOutbox} and {@code SignalsEndpoint} cannot
 * be made outside the starter: switch them off with {@code jsignals.outbox.enabled=false} or
 * Actuator's endpoint properties. The Kafka publisher's case is in {@link
 * KafkaTargetFromSpringPropertiesTest}.)
 */
class UserBeansWinTest {
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
  void theApplicationsSignalsGetsTheReceiverBeans() {
    Signals mine = Signals.create(3);
    runner
        .withBean("mySignals", Signals.class, () -> mine)
        .run(
            context -> {
              assertThat(context).hasSingleBean(Signals.class);
              assertThat(context.getBean(Signals.class)).isSameAs(mine);
              assertThat(mine.postSave().connections())
                  .anySatisfy(c -> assertThat(c.dispatchUid()).isEqualTo("notes.audit"));
            });
  }

  @Test
  void theApplicationsJdbiGetsThePluginsAndSendsToTheReceivers() {
    runner
        .withUserConfiguration(MyJdbi.class)
        .withPropertyValues("jsignals.outbox.enabled=true") // for the durable NoteMail receiver
        .run(
            context -> {
              assertThat(context).hasSingleBean(Jdbi.class);
              assertThat(context).hasBean("myJdbi").doesNotHaveBean("jdbi");
              context.getBean(NoteService.class).create("mine");
              Jdbi jdbi = context.getBean(Jdbi.class);
              List<String> audit = jdbi.withExtension(Note.Dao.class, dao -> dao.audit());
              assertThat(audit).containsExactly("saved mine");
            });
  }

  @Test
  void theApplicationsCommitSchedulerTimesTheHooks() {
    CommitScheduler mine = (handle, hook) -> hook.run();
    runner
        .withBean("myScheduler", CommitScheduler.class, () -> mine)
        .run(
            context -> {
              assertThat(context).hasSingleBean(CommitScheduler.class);
              assertThat(context.getBean(CommitScheduler.class)).isSameAs(mine);
            });
  }

  @Test
  void theApplicationsInterceptorIsInstalledInsteadOfTheObservations() {
    SignalInterceptor mine = new SignalInterceptor() {};
    runner
        .withBean(ObservationRegistry.class, ObservationRegistry::create)
        .withBean("myInterceptor", SignalInterceptor.class, () -> mine)
        .run(
            context -> {
              assertThat(context).hasSingleBean(SignalInterceptor.class);
              assertThat(context.getBean(Signals.class).postSave().signal().interceptor())
                  .isSameAs(mine);
            });
  }

  @Test
  void theApplicationsOutboxHealthIndicatorReplacesTheStartersOfTheSameName() {
    HealthIndicator mine = () -> Health.up().withDetail("mine", true).build();
    runner
        .withPropertyValues("jsignals.outbox.enabled=true")
        .withBean("jsignalsOutboxHealthIndicator", HealthIndicator.class, () -> mine)
        .run(
            context -> assertThat(context.getBean("jsignalsOutboxHealthIndicator")).isSameAs(mine));
  }

  /** The application's own Jdbi, made as docs/spring-boot.md says. */
  @Configuration(proxyBeanMethods = false)
  static class MyJdbi {
    @Bean
    Jdbi myJdbi(DataSource dataSource) {
      return SpringConnectionFactory.jdbi(dataSource);
    }
  }
}
