package dev.jsignals.jdbi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jsignals.core.Signals;
import dev.jsignals.jdbi.FoodSchema.User;
import dev.jsignals.jdbi.FoodSchema.UserDao;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/** An asynchronous receiver of a model signal: the write inside its transaction waits for it. */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {TestDatabase.SQLITE, TestDatabase.POSTGRESQL})
class AsyncModelReceiverTest {
  @Parameter String database;

  @TempDir Path dir;
  private final Signals signals = Signals.create();
  private final List<String> log = new CopyOnWriteArrayList<>();
  private Jdbi jdbi;
  private UserDao users;

  @BeforeEach
  void open() {
    jdbi = TestDatabase.create(database, dir).open(signals);
    users = jdbi.onDemand(UserDao.class);
  }

  @Test
  void theWriteReturnsOnlyOnceTheStageHasCompleted() {
    signals
        .postSave()
        .signal()
        .connectAsync(
            User.class, e -> CompletableFuture.runAsync(() -> log.add("indexed " + e.instance())));

    users.insert(new User("ada", "ada@example.com"));

    assertThat(log).singleElement().asString().startsWith("indexed ");
    assertThat(users.count()).isOne();
  }

  @Test
  void aFailedStageRollsTheWriteBack() {
    signals
        .postSave()
        .signal()
        .connectAsync(
            User.class,
            e ->
                CompletableFuture.runAsync(
                    () -> {
                      throw new IllegalStateException("search index down");
                    }));
    User ada = new User("ada", "ada@example.com");

    assertThatThrownBy(() -> users.insert(ada))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("search index down");

    assertThat(users.count()).isZero();
    assertThat(ada.getId()).as("a retried save is still an insert").isZero();
  }
}
