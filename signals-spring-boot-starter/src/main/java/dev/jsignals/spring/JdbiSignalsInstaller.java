package dev.jsignals.spring;

import dev.jsignals.core.Signals;
import dev.jsignals.jdbi.CommitScheduler;
import dev.jsignals.jdbi.SignalsPlugin;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Installs Jdbi's SQL Object plugin and the jsignals plugin, with Spring's commit scheduler, on
 * every {@link Jdbi} bean, the application's own included. Thread-safe.
 */
final class JdbiSignalsInstaller implements BeanPostProcessor {
  private final ObjectProvider<Signals> signals;
  private final ObjectProvider<CommitScheduler> scheduler;
  private final ObjectProvider<SignalsProperties> properties;

  JdbiSignalsInstaller(
      ObjectProvider<Signals> signals,
      ObjectProvider<CommitScheduler> scheduler,
      ObjectProvider<SignalsProperties> properties) {
    this.signals = signals;
    this.scheduler = scheduler;
    this.properties = properties;
  }

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    if (bean instanceof Jdbi jdbi) {
      SignalsProperties settings = properties.getObject();
      if (settings.installPlugin()) {
        jdbi.installPlugin(new SqlObjectPlugin()) // a singleton plugin: installed once
            .installPlugin(
                new SignalsPlugin(signals.getObject(), settings.using())
                    .withCommitScheduler(scheduler.getObject()));
      }
    }
    return bean;
  }
}
