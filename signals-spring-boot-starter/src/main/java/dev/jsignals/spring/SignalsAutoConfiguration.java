package dev.jsignals.spring;

import dev.jsignals.core.Signals;
import dev.jsignals.dispatch.SignalInterceptor;
import dev.jsignals.jdbi.CommitScheduler;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;
import org.springframework.transaction.TransactionExecutionListener;

/**
 * Auto-configuration of jsignals: a {@link Signals} bean, a {@link Jdbi} over the application's
 * {@code DataSource} whose handles join Spring's transactions, the Jdbi plugins installed on every
 * {@code Jdbi} bean, after-commit hooks timed by Spring's transactions, and the {@code @Receiver}
 * methods of the compile-time index connected once every singleton exists; the application's {@code
 * SignalInterceptor} bean, if it has one, installed on every {@code Signals} bean. Each bean backs
 * off when the application defines its own of the same type.
 */
@AutoConfiguration(
    afterName = {
      "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
      "org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration"
    })
@ConditionalOnClass({Signals.class, Jdbi.class})
@EnableConfigurationProperties(SignalsProperties.class)
public class SignalsAutoConfiguration {

  /** Creates the auto-configuration; Spring calls it. */
  public SignalsAutoConfiguration() {}

  /**
   * The application's signals, without receivers until every singleton exists.
   *
   * @return the signals
   */
  @Bean
  @ConditionalOnMissingBean
  public Signals signals() {
    return Signals.create();
  }

  /**
   * After-commit hooks timed by Spring's transactions.
   *
   * @return the scheduler
   */
  @Bean
  @ConditionalOnMissingBean
  public CommitScheduler jsignalsCommitScheduler() {
    return new SpringCommitScheduler();
  }

  /**
   * A Jdbi over the application's data source, whose handles join Spring's transactions.
   *
   * @param dataSource the data source
   * @return the Jdbi; the plugins are installed on it as on every Jdbi bean
   */
  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnSingleCandidate(DataSource.class)
  public Jdbi jdbi(DataSource dataSource) {
    return SpringConnectionFactory.jdbi(dataSource);
  }

  @Bean
  static JdbiSignalsInstaller jsignalsJdbiInstaller(
      ObjectProvider<Signals> signals,
      ObjectProvider<CommitScheduler> scheduler,
      ObjectProvider<SignalsProperties> properties) {
    return new JdbiSignalsInstaller(signals, scheduler, properties);
  }

  @Bean
  static SignalsInterceptorInstaller jsignalsInterceptorInstaller(
      ObjectProvider<SignalInterceptor> interceptor) {
    return new SignalsInterceptorInstaller(interceptor);
  }

  @Bean
  ReceiverBeans jsignalsReceiverBeans(ConfigurableListableBeanFactory beans, Signals signals) {
    return new ReceiverBeans(beans, signals);
  }

  @Bean
  @ConditionalOnBean(DataSource.class)
  @ConditionalOnSingleCandidate(DataSource.class)
  TransactionExecutionListener jsignalsSqliteRequiresNewGuard(DataSource dataSource)
      throws MetaDataAccessException {
    String product = JdbcUtils.extractDatabaseMetaData(dataSource, m -> m.getDatabaseProductName());
    return "SQLite".equals(product)
        ? new SqliteRequiresNewGuard()
        : new TransactionExecutionListener() {};
  }
}
