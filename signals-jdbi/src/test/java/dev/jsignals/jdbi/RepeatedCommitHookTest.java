package dev.jsignals.jdbi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jsignals.core.Signals;
import dev.jsignals.jdbi.FoodSchema.User;
import dev.jsignals.jdbi.FoodSchema.UserDao;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A hook given again (the same object) in one transaction is scheduled once: what a long
 * transaction holds for after its commit grows with its distinct hooks, not with its rows. Counted
 * at the scheduler, so the test does not depend on timing or memory measurements.
 */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {TestDatabase.SQLITE, TestDatabase.POSTGRESQL})
class RepeatedCommitHookTest {
  private static final int ROWS = 2_000;

  @Parameter String database;

  @TempDir Path dir;
  private final Signals signals = Signals.create();
  private final AtomicInteger scheduled = new AtomicInteger();
  private final AtomicInteger woken = new AtomicInteger();
  private final Runnable wake = woken::incrementAndGet; // one object, as an outbox's wake-up is
  private Jdbi jdbi;

  @BeforeEach
  void open() {
    CommitScheduler counting =
        (handle, hook) -> {
          scheduled.incrementAndGet();
          CommitScheduler.jdbi().schedule(handle, hook);
        };
    jdbi =
        TestDatabase.create(database, dir)
            .open(new SignalsPlugin(signals).withCommitScheduler(counting));
  }

  private void insertAll(UserDao users, int from) {
    for (int i = from; i < from + ROWS; i++) {
      users.insert(new User("user" + i, "user" + i + "@example.com"));
    }
  }

  @Test
  void theSameHookOfEveryRowOfATransactionIsScheduledAndRunOnce() {
    signals.postSave().connect(User.class, e -> e.onCommit(wake));

    jdbi.useTransaction(h -> insertAll(h.attach(UserDao.class), 0));

    assertThat(scheduled.get()).isOne();
    assertThat(woken.get()).isOne();
    jdbi.useTransaction(h -> insertAll(h.attach(UserDao.class), ROWS));
    assertThat(scheduled.get()).as("a new transaction schedules it again").isEqualTo(2);
    assertThat(woken.get()).isEqualTo(2);
  }

  @Test
  void afterARollbackTheNextTransactionOfTheHandleSchedulesTheHookAgain() {
    signals.postSave().connect(User.class, e -> e.onCommit(wake));

    jdbi.useHandle(
        h -> {
          assertThatThrownBy(
                  () ->
                      h.useTransaction(
                          tx -> {
                            insertAll(tx.attach(UserDao.class), 0);
                            throw new IllegalStateException("rolled back");
                          }))
              .hasMessage("rolled back");
          assertThat(woken.get()).as("never after a rollback").isZero();
          h.useTransaction(tx -> tx.attach(UserDao.class).insert(new User("z", "z@example.com")));
        });

    assertThat(scheduled.get()).isEqualTo(2);
    assertThat(woken.get()).isOne();
  }

  @Test
  void distinctHooksOfOneTransactionAllRunInOrder() {
    List<String> ran = new CopyOnWriteArrayList<>();
    signals
        .postSave()
        .connect(User.class, e -> e.onCommit(() -> ran.add(e.instance().getUsername())));

    jdbi.useTransaction(
        h -> {
          UserDao users = h.attach(UserDao.class);
          users.insert(new User("a", "a@example.com"));
          users.insert(new User("b", "b@example.com"));
          users.insert(new User("c", "c@example.com"));
        });

    assertThat(ran).containsExactly("a", "b", "c");
    assertThat(scheduled.get()).isEqualTo(3);
  }
}
