package dev.jsignals.jdbi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jsignals.core.Signals;
import dev.jsignals.jdbi.FoodSchema.Profile;
import dev.jsignals.jdbi.FoodSchema.ProfileDao;
import dev.jsignals.jdbi.FoodSchema.User;
import dev.jsignals.jdbi.FoodSchema.UserDao;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Django's {@code QuerySet.delete()}: the rows a condition selects are deleted with their
 * dependents and their signals, in one transaction, and the counts come back per model.
 */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {TestDatabase.SQLITE, TestDatabase.POSTGRESQL})
class DjangoBulkDeleteTest {
  @Parameter String database;

  @TempDir Path dir;
  private final Signals signals = Signals.create();
  private final List<String> log = new CopyOnWriteArrayList<>();
  private final List<Object> origins = new CopyOnWriteArrayList<>();
  private final Map<Long, Long> profiles = new HashMap<>();
  private Jdbi jdbi;

  /** Users deleted by a condition. */
  public interface CleanupDao {
    @BulkDeletes(
        value = User.class,
        select = "SELECT id, username, email FROM users WHERE email LIKE :pattern",
        delete = "DELETE FROM users WHERE id = :id",
        dependents =
            @Deletes.Dependent(
                model = Profile.class,
                select = "SELECT id, user_id AS userId, image FROM profiles WHERE user_id = :id",
                delete = "DELETE FROM profiles WHERE user_id = :id"))
    DeletedRows deleteByEmail(@Bind("pattern") String pattern);
  }

  @BeforeEach
  void open() {
    jdbi = TestDatabase.create(database, dir).open(signals);
    signals
        .preDelete()
        .connect(
            e -> {
              log.add("pre " + e.sender().getSimpleName() + " " + key(e.instance()));
              origins.add(e.origin());
            });
    signals
        .postDelete()
        .connect(e -> log.add("post " + e.sender().getSimpleName() + " " + key(e.instance())));
  }

  private static long key(Object instance) {
    return instance instanceof User user ? user.getId() : ((Profile) instance).id();
  }

  private long register(String name, String email) {
    User user = new User(name, email);
    jdbi.onDemand(UserDao.class).insert(user);
    profiles.put(
        user.getId(),
        jdbi.onDemand(ProfileDao.class).insert(new Profile(0, user.getId(), name + ".jpg")));
    return user.getId();
  }

  @Test
  void deleteByConditionSendsEveryRowsSignalsAndCountsPerModel() {
    long ada = register("ada", "ada@example.com");
    long carol = register("carol", "carol@other.org");
    long bob = register("bob", "bob@example.com");

    DeletedRows deleted = jdbi.onDemand(CleanupDao.class).deleteByEmail("%@example.com");

    assertThat(deleted.counts())
        .containsExactly(Map.entry(Profile.class, 2), Map.entry(User.class, 2));
    assertThat(deleted.total()).isEqualTo(4);
    assertThat(log)
        .containsExactly(
            "pre Profile " + profileOf(ada),
            "pre Profile " + profileOf(bob),
            "pre User " + ada,
            "pre User " + bob,
            "post Profile " + profileOf(bob),
            "post Profile " + profileOf(ada),
            "post User " + bob,
            "post User " + ada);
    assertThat(origins).allSatisfy(o -> assertThat(o).isInstanceOf(List.class).asList().hasSize(2));
    assertThat(jdbi.onDemand(UserDao.class).count()).isOne();
    assertThat(jdbi.onDemand(UserDao.class).email(carol)).isEqualTo("carol@other.org");
  }

  private long profileOf(long user) {
    return profiles.get(user);
  }

  @Test
  void conditionMatchingNothingDeletesNothingAndSendsNothing() {
    register("ada", "ada@example.com");

    DeletedRows deleted = jdbi.onDemand(CleanupDao.class).deleteByEmail("%@nowhere.net");

    assertThat(deleted.total()).isZero();
    assertThat(log).isEmpty();
    assertThat(jdbi.onDemand(UserDao.class).count()).isOne();
  }
}
