package dev.jsignals.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.DeferredImportSelector;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.EnableTransactionManagement;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The peer of {@link OutboxWriteBenchmark}'s durable write: Spring Modulith's JDBC event
 * publication registry on PostgreSQL (Modulith has no SQLite support). One transaction inserts the
 * order (the same {@code orders} table, through {@code JdbcTemplate}, reading back the generated
 * id) and publishes an event that one {@code @ApplicationModuleListener} listens to: Modulith
 * writes the event's publication row in that transaction. As in the jsignals case, one connection
 * is held open ({@code SingleConnectionDataSource}) and nothing delivers: the listener's
 * invocations after the commit go to an executor that drops them, so the publications stay
 * incomplete, as the outbox rows stay pending with no relay running. Run it in the same JMH command
 * as {@code OutboxWriteBenchmark} ({@code 'Outbox|ModulithWrite'}), on the server of {@code
 * JSIGNALS_POSTGRES_URL}.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class ModulithWriteBenchmark {
  /** The event of a new order. */
  public record OrderPlaced(long id, String item) {}

  /** The one listener: a Modulith application module listener that does nothing. */
  public static class Mail {
    /** Would send the mail; never called here (its invocations are dropped). */
    @ApplicationModuleListener
    public void on(OrderPlaced event) {}
  }

  /** The application: a connection, its transactions, Modulith's JDBC registry, the listener. */
  @Configuration(proxyBeanMethods = false)
  @EnableAsync
  @EnableTransactionManagement
  @Import(ModulithConfigurations.class)
  static class App {
    @Bean
    SingleConnectionDataSource dataSource() {
      SingleConnectionDataSource source =
          new SingleConnectionDataSource(System.getProperty("modulith.url"), true);
      source.setAutoCommit(true);
      return source;
    }

    @Bean
    JdbcTemplate jdbcTemplate(DataSource dataSource) {
      return new JdbcTemplate(dataSource);
    }

    @Bean
    DataSourceTransactionManager transactionManager(DataSource dataSource) {
      return new DataSourceTransactionManager(dataSource);
    }

    @Bean
    TransactionTemplate transactionTemplate(PlatformTransactionManager transactions) {
      return new TransactionTemplate(transactions);
    }

    /** Drops the listener's invocations: only the write is measured. */
    @Bean
    Executor taskExecutor() {
      return task -> {};
    }

    @Bean
    Mail mail() {
      return new Mail();
    }
  }

  /**
   * Modulith's own configurations of the JDBC registry, by name (they are not public), as its
   * starter's auto-configuration would import them.
   */
  static class ModulithConfigurations implements DeferredImportSelector {
    @Override
    public String[] selectImports(AnnotationMetadata metadata) {
      return new String[] {
        "org.springframework.modulith.events.jackson.JacksonEventSerializationConfiguration",
        "org.springframework.modulith.events.jdbc.JdbcEventPublicationAutoConfiguration",
        "org.springframework.modulith.events.config.EventPublicationAutoConfiguration"
      };
    }
  }

  private Path dir;
  private AnnotationConfigApplicationContext context;
  private TransactionTemplate transactions;
  private JdbcTemplate jdbc;
  private ApplicationEventPublisher events;
  private long next;

  @Setup(Level.Trial)
  public void open() throws IOException {
    dir = Files.createTempDirectory("jsignals-modulith-bench");
    String url = OutboxDatabase.create("postgresql", dir, "modulith");
    System.setProperty("modulith.url", url);
    context = new AnnotationConfigApplicationContext();
    context
        .getEnvironment()
        .getPropertySources()
        .addFirst(
            new MapPropertySource(
                "benchmark",
                Map.of("spring.modulith.events.jdbc.schema-initialization.enabled", "true")));
    context.register(App.class);
    context.refresh();
    transactions = context.getBean(TransactionTemplate.class);
    jdbc = context.getBean(JdbcTemplate.class);
    events = context;
  }

  @TearDown(Level.Trial)
  public void close() throws IOException {
    // Modulith lists every unfinished publication when it shuts down: none are left to list.
    jdbc.update("DELETE FROM event_publication");
    context.close();
    Files.deleteIfExists(dir);
  }

  /** The order and its event's publication, in one transaction. */
  @Benchmark
  public long g_modulithOrderAndPublication() {
    String item = "soup" + next++;
    Long id =
        transactions.execute(
            status -> {
              GeneratedKeyHolder keys = new GeneratedKeyHolder();
              jdbc.update(
                  c -> {
                    PreparedStatement insert =
                        c.prepareStatement(
                            "INSERT INTO orders (item) VALUES (?)", new String[] {"id"});
                    insert.setString(1, item);
                    return insert;
                  },
                  keys);
              long key = keys.getKey().longValue();
              events.publishEvent(new OrderPlaced(key, item));
              return key;
            });
    return id;
  }
}
