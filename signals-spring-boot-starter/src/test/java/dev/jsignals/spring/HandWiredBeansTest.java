package dev.jsignals.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jsignals.core.Signals;
import dev.jsignals.jdbi.SignalsPlugin;
import dev.jsignals.jdbi.SqliteDataSources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The beans docs/spring-boot.md defines by hand where the starter's auto-configuration is excluded
 * (Spring Boot 3.5): a plain Spring context with them sends model signals inside Spring's
 * transaction and runs {@code onCommit} hooks after its commit only.
 */
class HandWiredBeansTest {

  @Configuration
  static class HandWired {
    @Bean
    DataSource dataSource() throws Exception {
      Path dir = Files.createDirectories(Path.of("target", "sqlite"));
      DataSource dataSource = SqliteDataSources.file(dir.resolve(UUID.randomUUID() + ".db"));
      Jdbi.create(dataSource)
          .useHandle(h -> h.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)"));
      return dataSource;
    }

    @Bean
    PlatformTransactionManager transactionManager(DataSource dataSource) {
      return new DataSourceTransactionManager(dataSource);
    }

    // tag::boot35-beans[]
    @Bean
    Signals signals() {
      return Signals.create();
    }

    @Bean
    Jdbi jdbi(DataSource ds, Signals signals) {
      return SpringConnectionFactory.jdbi(ds)
          .installPlugin(
              new SignalsPlugin(signals).withCommitScheduler(new SpringCommitScheduler()));
    }
    // and connect the receivers once the context is refreshed:
    // signals.connectDiscovered(context::getBean, classLoader)
    // end::boot35-beans[]
  }

  @Test
  void aHandWiredJdbiSendsInSpringsTransactionAndRunsHooksAfterItsCommitOnly() {
    try (var context = new AnnotationConfigApplicationContext(HandWired.class)) {
      Signals signals = context.getBean(Signals.class);
      Jdbi jdbi = context.getBean(Jdbi.class);
      List<String> hooks = new CopyOnWriteArrayList<>();
      signals
          .postSave()
          .connect(
              Note.class, e -> e.onCommit(() -> hooks.add("committed " + e.instance().getText())));
      TransactionTemplate transaction =
          new TransactionTemplate(context.getBean(PlatformTransactionManager.class));

      transaction.executeWithoutResult(
          status -> {
            jdbi.onDemand(Note.Dao.class).insert(new Note("soup"));
            assertThat(hooks).as("before the commit").isEmpty();
          });
      assertThat(hooks).containsExactly("committed soup");

      transaction.executeWithoutResult(
          status -> {
            jdbi.onDemand(Note.Dao.class).insert(new Note("tea"));
            status.setRollbackOnly();
          });
      assertThat(hooks).containsExactly("committed soup");
      assertThat(jdbi.withExtension(Note.Dao.class, Note.Dao::texts)).containsExactly("soup");
    }
  }
}
