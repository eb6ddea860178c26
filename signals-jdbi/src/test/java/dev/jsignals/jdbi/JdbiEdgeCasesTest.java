package dev.jsignals.jdbi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jsignals.core.Signals;
import dev.jsignals.dispatch.SignalException;
import dev.jsignals.jdbi.FoodSchema.Favorite;
import dev.jsignals.jdbi.FoodSchema.Recipe;
import dev.jsignals.jdbi.FoodSchema.RecipeDao;
import dev.jsignals.jdbi.FoodSchema.User;
import dev.jsignals.jdbi.FoodSchema.UserDao;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/** The reverse side of a relation, checked exceptions, DAO mistakes and the commit scheduler. */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {TestDatabase.SQLITE, TestDatabase.POSTGRESQL})
class JdbiEdgeCasesTest {
  @Parameter String database;

  @TempDir Path dir;
  private final Signals signals = Signals.create();
  private TestDatabase db;
  private Jdbi jdbi;

  @BeforeEach
  void open() {
    db = TestDatabase.create(database, dir);
    jdbi = db.open(signals);
  }

  @Test
  void reverseSideSendsTheRecipeAsInstanceAndUsersAsModel() {
    User ada = new User("ada", "ada@example.com");
    jdbi.onDemand(UserDao.class).insert(ada);
    long soup = jdbi.onDemand(RecipeDao.class).insert("soup");
    List<String> events = new ArrayList<>();
    signals
        .m2mChanged()
        .connect(
            Favorite.class,
            e ->
                events.add(
                    e.action()
                        + " "
                        + e.instance()
                        + " "
                        + e.model().getSimpleName()
                        + " "
                        + e.pkSet()
                        + " reverse="
                        + e.reverse()));

    jdbi.onDemand(FoodSchema.RecipeFavoritesDao.class)
        .addFans(new Recipe(soup, "soup"), List.of(ada.getId()));

    Recipe recipe = new Recipe(soup, "soup");
    assertThat(events)
        .containsExactly(
            "pre_add " + recipe + " User [" + ada.getId() + "] reverse=true",
            "post_add " + recipe + " User [" + ada.getId() + "] reverse=true");
    assertThat(jdbi.onDemand(RecipeDao.class).favorites(ada.getId())).isOne();
  }

  @Test
  void checkedExceptionOfAReceiverReachesTheCallerWrappedAndRollsBack() {
    signals
        .postSave()
        .connect(
            User.class,
            e -> {
              throw new IOException("disk full");
            });

    assertThatThrownBy(() -> jdbi.onDemand(UserDao.class).insert(new User("ada", "a@b.cd")))
        .isInstanceOf(SignalException.class)
        .hasMessageContaining("post_save")
        .hasCauseInstanceOf(IOException.class);
    assertThat(jdbi.onDemand(UserDao.class).count()).isZero();
  }

  @Test
  void unsupportedReturnTypeFailsWhenAttachedNamingTheMethod() {
    assertThatThrownBy(
            () -> jdbi.onDemand(FoodSchema.WrongReturnDao.class).insert(new User("a", "a@b.cd")))
        .hasMessageContaining("WrongReturnDao.insert")
        .hasMessageContaining("String");
  }

  @Test
  void saveNamingAMissingInsertMethodFailsWhenAttached() {
    assertThatThrownBy(
            () -> jdbi.onDemand(FoodSchema.MissingInsertDao.class).save(new User("a", "a@b.cd")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("@Saves(insert = \"nowhere\")")
        .hasMessageContaining("has no method nowhere with the same parameters");
  }

  @Test
  void commitHooksGoThroughThePluggableScheduler() {
    List<String> scheduled = new ArrayList<>();
    Jdbi custom =
        db.open(
            new SignalsPlugin(signals, "replica")
                .withCommitScheduler((handle, hook) -> scheduled.add("queued")));
    List<String> using = new ArrayList<>();
    signals
        .postSave()
        .connect(
            User.class,
            e -> {
              using.add(e.using());
              e.onCommit(() -> scheduled.add("ran"));
            });

    custom.onDemand(UserDao.class).insert(new User("ada", "a@b.cd"));

    assertThat(scheduled).containsExactly("queued");
    assertThat(using).containsExactly("replica");
  }

  @Test
  void nullInstanceIsRejectedNamingTheMethodAndWritesNothing() {
    assertThatThrownBy(() -> jdbi.onDemand(UserDao.class).insert(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("UserDao.insert: the User must not be null");
    assertThat(jdbi.onDemand(UserDao.class).count()).isZero();
  }

  @Test
  void robustWriteIsolatesEachReceiverInASavepoint() {
    List<String> order = new ArrayList<>();
    signals
        .postSave()
        .connect(
            User.class,
            e -> {
              order.add("duplicate");
              // A failing statement: on PostgreSQL it would abort the whole transaction.
              e.attach(UserDao.class)
                  .insert(new User(e.instance().getUsername(), "again@example.com"));
            });
    signals
        .postSave()
        .connect(
            User.class,
            e -> {
              order.add("profile");
              e.attach(FoodSchema.ProfileDao.class)
                  .insert(new FoodSchema.Profile(0, e.instance().getId(), "default.jpg"));
            });

    String logged =
        LogCapture.during(
            () ->
                jdbi.onDemand(FoodSchema.RobustUserDao.class)
                    .insert(new User("ada", "ada@example.com")));

    assertThat(logged).contains("of signal 'post_save' failed");

    assertThat(order).containsExactly("duplicate", "profile");
    assertThat(jdbi.onDemand(UserDao.class).count()).isOne();
    assertThat(jdbi.onDemand(FoodSchema.ProfileDao.class).count()).isOne();
  }
}
