package dev.jsignals.jdbi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jsignals.core.Signals;
import dev.jsignals.jdbi.FoodSchema.User;
import dev.jsignals.jdbi.FoodSchema.UserDao;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.customizer.BindBean;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Misused annotations fail when the DAO is attached, naming the method and what to add, before
 * anything is written; a failing after-commit hook is logged naming where it was registered.
 */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {TestDatabase.SQLITE, TestDatabase.POSTGRESQL})
class AttachTimeErrorsTest {
  @Parameter String database;

  @TempDir Path dir;
  private final Signals signals = Signals.create();
  private Jdbi jdbi;

  /** The database generates the key, but nothing reads it back. */
  public interface NoGeneratedKeysDao {
    @SqlUpdate("INSERT INTO users (username, email) VALUES (:username, :email)")
    @Inserts(User.class)
    void insert(@BindBean User user);
  }

  /** A marked method with no statement, beside a plain query. */
  public interface NoStatementDao {
    @Inserts(User.class)
    void insert(User user);

    @org.jdbi.v3.sqlobject.statement.SqlQuery("SELECT count(*) FROM users")
    int count();
  }

  /** A save whose insert method sends signals of its own. */
  public interface SignallingInsertDao {
    @SqlUpdate("UPDATE users SET email = :email WHERE id = :id")
    @Saves(value = User.class, insert = "insert")
    boolean save(@BindBean User user);

    @SqlUpdate("INSERT INTO users (username, email) VALUES (:username, :email)")
    @org.jdbi.v3.sqlobject.statement.GetGeneratedKeys("id")
    @Inserts(User.class)
    long insert(@BindBean User user);
  }

  @BeforeEach
  void open() {
    jdbi = TestDatabase.create(database, dir).open(signals);
  }

  @Test
  void insertOfAGeneratedKeyWithoutGetGeneratedKeysNamesTheMethodAndTheFix() {
    assertThatThrownBy(() -> jdbi.onDemand(NoGeneratedKeysDao.class).insert(new User("a", "b")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NoGeneratedKeysDao.insert")
        .hasMessageContaining("add @GetGeneratedKeys(\"id\")");
    assertThat(jdbi.onDemand(UserDao.class).count()).isZero();
  }

  @Test
  void markedMethodWithoutSqlUpdateNamesTheMethodAndTheFix() {
    assertThatThrownBy(() -> jdbi.onDemand(NoStatementDao.class).insert(new User("a", "b")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NoStatementDao.insert")
        .hasMessageContaining("has no @SqlUpdate")
        .hasMessageContaining("add @SqlUpdate(\"INSERT INTO");
  }

  @Test
  void saveWhoseInsertSendsSignalsItselfIsRefused() {
    assertThatThrownBy(() -> jdbi.onDemand(SignallingInsertDao.class).save(new User("a", "b")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("SignallingInsertDao.save")
        .hasMessageContaining("remove @Inserts from insert");
    assertThat(jdbi.onDemand(UserDao.class).count()).isZero();
  }

  @Test
  void failingAfterCommitHookIsLoggedWhereTheReceiverRegisteredIt() {
    List<String> ran = new CopyOnWriteArrayList<>();
    signals.postSave().connect(User.class, AttachTimeErrorsTest::registerHooks);
    signals.postSave().connect(User.class, e -> e.onCommit(() -> ran.add("second")));

    String log = LogCapture.during(() -> jdbi.onDemand(UserDao.class).insert(new User("a", "b")));

    assertThat(log)
        .contains(
            "After-commit hook registered at AttachTimeErrorsTest.registerHooks(AttachTimeErrorsTest.java:")
        .contains("during UserDao.insert failed; the commit stands")
        .contains("IllegalStateException: mail server down")
        .doesNotContain("$$Lambda");
    assertThat(ran).containsExactly("second");
    assertThat(jdbi.onDemand(UserDao.class).count()).isOne();
  }

  private static void registerHooks(dev.jsignals.core.PostSave<User> event) {
    event.onCommit(
        () -> {
          throw new IllegalStateException("mail server down");
        });
  }
}
