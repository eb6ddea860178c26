package dev.jsignals.jdbi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jsignals.core.Signals;
import dev.jsignals.jdbi.FoodSchema.Profile;
import dev.jsignals.jdbi.FoodSchema.ProfileDao;
import dev.jsignals.jdbi.FoodSchema.User;
import dev.jsignals.jdbi.FoodSchema.UserDao;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.customizer.BindBean;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/** Raw saves, as Django's {@code loaddata} makes them: receivers see {@code raw = true}. */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {TestDatabase.SQLITE, TestDatabase.POSTGRESQL})
class RawSaveTest {
  @Parameter String database;

  @TempDir Path dir;
  private final Signals signals = Signals.create();
  private final List<String> log = new CopyOnWriteArrayList<>();
  private Jdbi jdbi;

  /** Fixture rows, written exactly as given. */
  public interface FixtureDao {
    @SqlUpdate("INSERT INTO users (id, username, email) VALUES (:id, :username, :email)")
    @Inserts(value = User.class, raw = true)
    void insertUser(@BindBean User user);

    @SqlUpdate("INSERT INTO profiles (id, user_id, image) VALUES (:id, :userId, :image)")
    @Inserts(value = Profile.class, raw = true)
    void insertProfile(@BindMethods Profile profile);

    @SqlUpdate("UPDATE users SET username = :username, email = :email WHERE id = :id")
    @Saves(value = User.class, insert = "insertUserRow", raw = true)
    boolean saveUser(@BindBean User user);

    @SqlUpdate("INSERT INTO users (id, username, email) VALUES (:id, :username, :email)")
    void insertUserRow(@BindBean User user);
  }

  @BeforeEach
  void open() {
    jdbi = TestDatabase.create(database, dir).open(signals);
    signals.preSave().connect(e -> log.add("pre_save raw=" + e.raw()));
    signals
        .postSave()
        .connect(
            User.class,
            e -> {
              log.add("post_save raw=" + e.raw() + " created=" + e.created());
              if (e.created() && !e.raw()) {
                e.attach(ProfileDao.class)
                    .insert(new Profile(0, e.instance().getId(), "default.jpg"));
              }
            });
  }

  @Test
  void loadedUsersWithTheirProfilesGetNoSecondProfile() {
    User ada = new User("ada", "ada@example.com");
    ada.setId(41);

    jdbi.useTransaction(
        h -> {
          FixtureDao fixtures = h.attach(FixtureDao.class);
          fixtures.insertUser(ada);
          fixtures.insertProfile(new Profile(7, 41, "ada.jpg"));
        });

    assertThat(log)
        .containsExactly(
            "pre_save raw=true", "post_save raw=true created=true", "pre_save raw=true");
    assertThat(jdbi.onDemand(ProfileDao.class).count()).isOne();
    assertThat(jdbi.onDemand(UserDao.class).email(41)).isEqualTo("ada@example.com");
  }

  @Test
  void rawSaveOfAnExistingRowUpdatesItWithCreatedFalse() {
    User ada = new User("ada", "ada@example.com");
    ada.setId(41);
    FixtureDao fixtures = jdbi.onDemand(FixtureDao.class);

    assertThat(fixtures.saveUser(ada)).isTrue();
    ada.setEmail("new@example.com");
    assertThat(fixtures.saveUser(ada)).isFalse();

    assertThat(log)
        .containsExactly(
            "pre_save raw=true",
            "post_save raw=true created=true",
            "pre_save raw=true",
            "post_save raw=true created=false");
    assertThat(jdbi.onDemand(ProfileDao.class).count()).isZero();
    assertThat(jdbi.onDemand(UserDao.class).email(41)).isEqualTo("new@example.com");
  }

  @Test
  void plainInsertStillSaysRawFalse() {
    jdbi.onDemand(UserDao.class).insert(new User("bob", "bob@example.com"));

    assertThat(log)
        .containsExactly(
            "pre_save raw=false", "post_save raw=false created=true", "pre_save raw=false");
    assertThat(jdbi.onDemand(ProfileDao.class).count()).isOne();
  }
}
