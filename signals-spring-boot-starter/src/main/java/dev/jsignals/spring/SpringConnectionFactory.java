package dev.jsignals.spring;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import javax.sql.DataSource;
import org.jdbi.v3.core.ConnectionFactory;
import org.jdbi.v3.core.Handles;
import org.jdbi.v3.core.Jdbi;
import org.springframework.jdbc.datasource.DataSourceUtils;

/**
 * A Jdbi {@link ConnectionFactory} that takes part in Spring's transactions: a handle opened while
 * a Spring-managed transaction is active on the thread uses that transaction's connection, so its
 * writes (and the receivers they call) commit or roll back with it; outside one, the handle gets a
 * connection of its own from the pool. Closing the handle releases the connection the Spring way: a
 * transaction's connection stays open for the transaction.
 *
 * <pre>{@code
 * @Bean
 * Jdbi jdbi(DataSource dataSource) {
 *   return SpringConnectionFactory.jdbi(dataSource);   // what the starter does when you don't
 * }
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class SpringConnectionFactory implements ConnectionFactory {
  private final DataSource dataSource;

  /**
   * A factory over a data source.
   *
   * @param dataSource the data source that Spring's transaction manager also manages
   */
  public SpringConnectionFactory(DataSource dataSource) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
  }

  /**
   * Creates a Jdbi over a data source whose handles join Spring's transactions: the connection
   * comes from this factory, and closing a handle inside a Spring transaction leaves the
   * transaction to Spring (Jdbi would otherwise roll it back as unfinished).
   *
   * @param dataSource the data source
   * @return a new Jdbi, with no plugin installed
   */
  public static Jdbi jdbi(DataSource dataSource) {
    Jdbi jdbi = Jdbi.create(new SpringConnectionFactory(dataSource));
    jdbi.getConfig(Handles.class).setForceEndTransactions(false);
    return jdbi;
  }

  @Override
  public Connection openConnection() throws SQLException {
    return DataSourceUtils.getConnection(dataSource);
  }

  @Override
  public void closeConnection(Connection connection) throws SQLException {
    DataSourceUtils.releaseConnection(connection, dataSource);
  }

  @Override
  public String toString() {
    return "SpringConnectionFactory[" + dataSource + "]";
  }
}
