package dev.jsignals.jdbi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jsignals.core.Signals;
import dev.jsignals.jdbi.Deletes.Dependent;
import dev.jsignals.jdbi.Deletes.OnDelete;
import dev.jsignals.jdbi.FoodSchema.Profile;
import dev.jsignals.jdbi.FoodSchema.ProfileDao;
import dev.jsignals.jdbi.FoodSchema.User;
import dev.jsignals.jdbi.FoodSchema.UserDao;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.customizer.BindBean;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Django's {@code on_delete}: {@code CASCADE} to any depth with each level's signals and one {@code
 * origin}, {@code PROTECT} refusing the delete, {@code SET_NULL} as an update without delete
 * signals; a cycle of dependents is refused when the DAO is attached.
 */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {TestDatabase.SQLITE, TestDatabase.POSTGRESQL})
class DjangoCascadeTest {
  private static final String DELETE_USER = "DELETE FROM users WHERE id = :id";
  private static final String PROFILES_OF_USER =
      "SELECT id, user_id AS userId, image FROM profiles WHERE user_id = :id";
  private static final String DELETE_PROFILES_OF_USER = "DELETE FROM profiles WHERE user_id = :id";

  @Parameter String database;

  @TempDir Path dir;
  private final Signals signals = Signals.create();
  private final List<String> log = new CopyOnWriteArrayList<>();
  private final List<Object> origins = new CopyOnWriteArrayList<>();
  private Jdbi jdbi;
  private User ada;
  private long profile;

  /** An image of a profile: a dependent of a dependent. */
  public record Image(long id, long profileId) {}

  /** A comment, kept when its author goes. */
  public record Comment(long id, Long userId) {}

  /** An order, which forbids deleting its customer. */
  public record Order(long id, long userId) {}

  /** Users deleted with their dependents. */
  public interface CascadeDao {
    @SqlUpdate(DELETE_USER)
    @Deletes(
        value = User.class,
        dependents = {
          @Dependent(
              model = Image.class,
              of = Profile.class,
              select = "SELECT id, profile_id AS profileId FROM images WHERE profile_id = :id",
              delete = "DELETE FROM images WHERE profile_id = :id"),
          @Dependent(
              model = Profile.class,
              select = PROFILES_OF_USER,
              delete = DELETE_PROFILES_OF_USER),
          @Dependent(
              model = Comment.class,
              onDelete = OnDelete.SET_NULL,
              delete = "UPDATE comments SET user_id = NULL WHERE user_id = :id")
        })
    int delete(@BindBean User user);

    @SqlUpdate(DELETE_USER)
    @Deletes(
        value = User.class,
        dependents = {
          @Dependent(
              model = Profile.class,
              select = PROFILES_OF_USER,
              delete = DELETE_PROFILES_OF_USER),
          @Dependent(
              model = Order.class,
              onDelete = OnDelete.PROTECT,
              select = "SELECT id, user_id AS userId FROM orders WHERE user_id = :id")
        })
    int deleteCustomer(@BindBean User user);

    @SqlQuery("SELECT count(*) FROM images")
    int images();

    @SqlQuery("SELECT count(*) FROM comments WHERE user_id IS NULL")
    int orphanComments();
  }

  /** Dependents that refer to each other. */
  public interface CycleDao {
    @SqlUpdate(DELETE_USER)
    @Deletes(
        value = User.class,
        dependents = {
          @Dependent(
              model = Image.class,
              of = Profile.class,
              select = "SELECT 1",
              delete = "DELETE FROM images"),
          @Dependent(
              model = Profile.class,
              of = Image.class,
              select = "SELECT 1",
              delete = "DELETE FROM profiles")
        })
    int delete(@BindBean User user);
  }

  @BeforeEach
  void open() {
    TestDatabase db = TestDatabase.create(database, dir);
    db.bare()
        .useHandle(
            h -> {
              h.execute(
                  "CREATE TABLE images (id BIGINT PRIMARY KEY, profile_id BIGINT NOT NULL"
                      + " REFERENCES profiles (id))");
              h.execute(
                  "CREATE TABLE comments (id BIGINT PRIMARY KEY, user_id BIGINT REFERENCES users"
                      + " (id))");
              h.execute(
                  "CREATE TABLE orders (id BIGINT PRIMARY KEY, user_id BIGINT NOT NULL REFERENCES"
                      + " users (id))");
            });
    jdbi = db.open(signals);
    ada = new User("ada", "ada@example.com");
    jdbi.onDemand(UserDao.class).insert(ada);
    profile = jdbi.onDemand(ProfileDao.class).insert(new Profile(0, ada.getId(), "x.jpg"));
    db.bare()
        .useHandle(
            h -> {
              h.execute(
                  "INSERT INTO images (id, profile_id) VALUES (5, ?), (2, ?)", profile, profile);
              h.execute("INSERT INTO comments (id, user_id) VALUES (1, ?)", ada.getId());
            });
    signals.preDelete().connect(e -> record("pre", e.sender(), e.instance(), e.origin()));
    signals.postDelete().connect(e -> record("post", e.sender(), e.instance(), e.origin()));
  }

  private void record(String when, Class<?> sender, Object instance, Object origin) {
    log.add(when + " " + sender.getSimpleName() + " " + instance);
    origins.add(origin);
  }

  @Test
  void cascadeOfAnyDepthSendsEachLevelDeepestFirstWithOneOrigin() {
    CascadeDao dao = jdbi.onDemand(CascadeDao.class);

    assertThat(dao.delete(ada)).isOne();

    Profile row = new Profile(profile, ada.getId(), "x.jpg");
    assertThat(log)
        .containsExactly(
            "pre Image " + new Image(2, profile),
            "pre Image " + new Image(5, profile),
            "pre Profile " + row,
            "pre User " + ada,
            "post Image " + new Image(5, profile),
            "post Image " + new Image(2, profile),
            "post Profile " + row,
            "post User " + ada);
    assertThat(origins).containsOnly(ada);
    assertThat(dao.images()).isZero();
  }

  @Test
  void setNullClearsTheReferenceWithoutDeleteSignals() {
    CascadeDao dao = jdbi.onDemand(CascadeDao.class);

    dao.delete(ada);

    assertThat(dao.orphanComments()).isOne();
    assertThat(log).noneMatch(line -> line.contains("Comment"));
  }

  @Test
  void protectRefusesTheDeleteNamingTheBlockingRowsAndDeletesNothing() {
    jdbi.useHandle(
        h ->
            h.execute(
                "INSERT INTO orders (id, user_id) VALUES (9, ?), (4, ?)",
                ada.getId(),
                ada.getId()));
    CascadeDao dao = jdbi.onDemand(CascadeDao.class);

    assertThatThrownBy(() -> dao.deleteCustomer(ada))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("CascadeDao.deleteCustomer: cannot delete User")
        .hasMessageContaining("the Order rows with keys 4, 9 refer to it and are PROTECTed");

    assertThat(log).isEmpty();
    assertThat(jdbi.onDemand(UserDao.class).count()).isOne();
    assertThat(jdbi.onDemand(ProfileDao.class).count()).isOne();
  }

  @Test
  void cycleOfDependentsIsRefusedWhenAttachedNamingIt() {
    assertThatThrownBy(() -> jdbi.onDemand(CycleDao.class).delete(ada))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("CycleDao.delete")
        .hasMessageContaining("form a cycle: Image -> Profile -> Image");
    assertThat(jdbi.onDemand(UserDao.class).count()).isOne();
  }
}
