package dev.jsignals.jdbi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jsignals.core.M2MChanged;
import dev.jsignals.core.ModelEvent;
import dev.jsignals.core.PostDelete;
import dev.jsignals.core.PostSave;
import dev.jsignals.core.PreDelete;
import dev.jsignals.core.PreSave;
import dev.jsignals.core.Signals;
import dev.jsignals.dispatch.Connection;
import dev.jsignals.jdbi.FoodSchema.Favorite;
import dev.jsignals.jdbi.FoodSchema.Profile;
import dev.jsignals.jdbi.FoodSchema.ProfileDao;
import dev.jsignals.jdbi.FoodSchema.RecipeDao;
import dev.jsignals.jdbi.FoodSchema.User;
import dev.jsignals.jdbi.FoodSchema.UserDao;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Django's model signal tests ({@code tests/signals}, {@code tests/m2m_signals}, the signal parts
 * of {@code tests/delete} and {@code tests/update_only_fields}) driven by real DAO writes on a
 * SQLite file.
 */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {TestDatabase.SQLITE, TestDatabase.POSTGRESQL})
class ModelSignalsTest {
  @Parameter String database;

  @TempDir Path dir;
  private final Signals signals = Signals.create();
  private final List<String> log = new CopyOnWriteArrayList<>();
  private TestDatabase db;
  private Jdbi jdbi;
  private UserDao users;

  @BeforeEach
  void open() {
    db = TestDatabase.create(database, dir);
    jdbi = db.open(signals);
    users = jdbi.onDemand(UserDao.class);
  }

  private void logSaves() {
    signals
        .preSave()
        .connect(
            User.class,
            e ->
                log.add(
                    "pre_save "
                        + e.instance().getUsername()
                        + " id="
                        + e.instance().getId()
                        + " fields="
                        + e.updateFields()));
    signals
        .postSave()
        .connect(
            User.class,
            e ->
                log.add(
                    "post_save "
                        + e.instance().getUsername()
                        + " id="
                        + e.instance().getId()
                        + " created="
                        + e.created()
                        + " using="
                        + e.using()));
  }

  @Test
  void insertSendsPreSaveThenPostSaveWithCreatedAndTheKey() {
    logSaves();
    User ada = new User("ada", "ada@example.com");

    long id = users.insert(ada);

    assertThat(ada.getId()).isEqualTo(id).isPositive();
    assertThat(log)
        .containsExactly(
            "pre_save ada id=0 fields=null",
            "post_save ada id=" + id + " created=true using=default");
  }

  @Test
  void updateSendsCreatedFalseAndTheUpdateFields() {
    User ada = new User("ada", "ada@example.com");
    users.insert(ada);
    logSaves();

    ada.setEmail("new@example.com");
    users.update(ada);
    users.updateEmail(ada);
    users.updateOnly(ada, Set.of("email"));

    assertThat(log)
        .containsExactly(
            "pre_save ada id=1 fields=null",
            "post_save ada id=1 created=false using=default",
            "pre_save ada id=1 fields=[email]",
            "post_save ada id=1 created=false using=default",
            "pre_save ada id=1 fields=[email]",
            "post_save ada id=1 created=false using=default");
  }

  @Test
  void emptyUpdateFieldsSkipTheStatementAndBothSignals() {
    User ada = new User("ada", "ada@example.com");
    users.insert(ada);
    logSaves();

    ada.setEmail("changed@example.com");
    int rows = users.updateOnly(ada, Set.of());

    assertThat(rows).isZero();
    assertThat(log).isEmpty();
    assertThat(users.email(ada.getId())).isEqualTo("ada@example.com");
  }

  @Test
  void saveInsertsWhenNoRowMatchedAndUpdatesOtherwise() {
    logSaves();
    User ada = new User("ada", "ada@example.com");

    assertThat(users.save(ada)).as("created").isTrue();
    ada.setEmail("second@example.com");
    assertThat(users.save(ada)).as("created").isFalse();

    assertThat(users.count()).isOne();
    assertThat(users.email(ada.getId())).isEqualTo("second@example.com");
    assertThat(log)
        .containsExactly(
            "pre_save ada id=0 fields=null",
            "post_save ada id=1 created=true using=default",
            "pre_save ada id=1 fields=null",
            "post_save ada id=1 created=false using=default");
  }

  @Test
  void receiverWritesThroughTheEventsHandleAndSeesTheUncommittedRow() {
    List<Integer> seen = new ArrayList<>();
    signals
        .postSave()
        .connect(
            User.class,
            e -> {
              Handle handle = JdbiSignals.handle(e);
              assertThat(handle.isInTransaction()).isTrue();
              seen.add(handle.attach(UserDao.class).count());
              e.attach(ProfileDao.class)
                  .insert(new Profile(0, e.instance().getId(), "profile_images/default.jpg"));
            });

    users.insert(new User("ada", "ada@example.com"));

    assertThat(seen).containsExactly(1);
    assertThat(jdbi.onDemand(ProfileDao.class).count()).isOne();
  }

  @Test
  void receiverExceptionRollsBackTheUserAndTheProfileAndRestoresTheKey() {
    signals
        .postSave()
        .connect(
            User.class,
            e -> {
              e.attach(ProfileDao.class).insert(new Profile(0, e.instance().getId(), "x.jpg"));
              throw new IllegalStateException("mail server down");
            });
    User ada = new User("ada", "ada@example.com");

    assertThatThrownBy(() -> users.insert(ada))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("mail server down");

    assertThat(users.count()).isZero();
    assertThat(jdbi.onDemand(ProfileDao.class).count()).isZero();
    assertThat(ada.getId()).as("a retried save is still an insert").isZero();
  }

  @Test
  void recordsGetACopyHoldingTheKeyInPostSave() {
    User ada = new User("ada", "ada@example.com");
    users.insert(ada);
    List<Profile> saved = new ArrayList<>();
    signals.postSave().connect(Profile.class, e -> saved.add(e.instance()));
    Profile profile = new Profile(0, ada.getId(), "x.jpg");

    long id = jdbi.onDemand(ProfileDao.class).insert(profile);

    assertThat(saved).containsExactly(new Profile(id, ada.getId(), "x.jpg"));
    assertThat(profile.id()).isZero();
  }

  @Test
  void afterCommitHookRunsOnceAfterCommitAndNeverAfterRollback() {
    List<String> mails = new CopyOnWriteArrayList<>();
    signals
        .postSave()
        .connect(
            User.class,
            e -> {
              e.onCommit(() -> mails.add("welcome " + e.instance().getUsername()));
              assertThat(mails)
                  .as("not before the commit")
                  .doesNotContain("welcome " + e.instance().getUsername());
            });

    users.insert(new User("ada", "ada@example.com"));
    assertThatThrownBy(
            () ->
                jdbi.useTransaction(
                    handle -> {
                      handle.attach(UserDao.class).insert(new User("bob", "bob@example.com"));
                      throw new IllegalStateException("caller rolls back");
                    }))
        .hasMessage("caller rolls back");

    assertThat(mails).containsExactly("welcome ada");
    assertThat(users.count()).isOne();
  }

  @Test
  void afterCommitHooksRunAfterTheOutermostCommitInOrderEachIsolated() {
    List<String> order = new CopyOnWriteArrayList<>();
    signals
        .postSave()
        .connect(
            User.class,
            e -> {
              e.onCommit(() -> order.add("first " + e.instance().getUsername()));
              e.onCommit(
                  () -> {
                    throw new IllegalStateException("hook fails");
                  });
              e.onCommit(() -> order.add("third " + e.instance().getUsername()));
            });

    String logged =
        LogCapture.during(
            () ->
                jdbi.useTransaction(
                    handle -> {
                      handle.attach(UserDao.class).insert(new User("ada", "ada@example.com"));
                      handle.attach(UserDao.class).insert(new User("bob", "bob@example.com"));
                      assertThat(order).isEmpty();
                    }));

    assertThat(logged.lines().filter(l -> l.contains("After-commit hook registered at")))
        .hasSize(2);
    assertThat(logged).contains("IllegalStateException: hook fails");

    assertThat(order).containsExactly("first ada", "third ada", "first bob", "third bob");
    assertThat(users.count()).as("a failing hook never undoes the commit").isEqualTo(2);
  }

  @Test
  void deleteSendsDependentsSignalsFirstWithOneOrigin() {
    User ada = new User("ada", "ada@example.com");
    users.insert(ada);
    jdbi.onDemand(ProfileDao.class).insert(new Profile(0, ada.getId(), "x.jpg"));
    List<Object> origins = new ArrayList<>();
    signals
        .preDelete()
        .connect(
            e -> {
              log.add("pre_delete " + e.sender().getSimpleName());
              origins.add(e.origin());
            });
    signals
        .postDelete()
        .connect(
            e -> {
              log.add("post_delete " + e.sender().getSimpleName());
              origins.add(e.origin());
            });

    users.delete(ada);

    assertThat(log)
        .containsExactly(
            "pre_delete Profile", "pre_delete User", "post_delete Profile", "post_delete User");
    assertThat(origins).containsOnly(ada);
    assertThat(users.count()).isZero();
    assertThat(jdbi.onDemand(ProfileDao.class).count()).isZero();
  }

  @Test
  void m2mChangedReportsEachActionWithDjangosPkSet() {
    User ada = new User("ada", "ada@example.com");
    users.insert(ada);
    RecipeDao recipes = jdbi.onDemand(RecipeDao.class);
    long soup = recipes.insert("soup");
    long cake = recipes.insert("cake");
    long pie = recipes.insert("pie");
    List<String> events = new ArrayList<>();
    signals
        .m2mChanged()
        .connect(
            Favorite.class,
            e ->
                events.add(
                    e.action()
                        + " "
                        + e.pkSet()
                        + " reverse="
                        + e.reverse()
                        + " model="
                        + e.model().getSimpleName()));

    assertThat(users.addFavorites(ada, List.of(soup, cake))).isEqualTo(2);
    assertThat(users.addFavorites(ada, List.of(cake, pie))).as("only the new row").isEqualTo(1);
    users.addFavorites(ada, List.of(pie));
    users.removeFavorites(ada, List.of(soup));
    users.clearFavorites(ada);

    assertThat(events)
        .containsExactly(
            "pre_add [" + soup + ", " + cake + "] reverse=false model=Recipe",
            "post_add [" + soup + ", " + cake + "] reverse=false model=Recipe",
            "pre_add [" + pie + "] reverse=false model=Recipe",
            "post_add [" + pie + "] reverse=false model=Recipe",
            "pre_add [] reverse=false model=Recipe",
            "post_add [] reverse=false model=Recipe",
            "pre_remove [" + soup + "] reverse=false model=Recipe",
            "post_remove [" + soup + "] reverse=false model=Recipe",
            "pre_clear null reverse=false model=Recipe",
            "post_clear null reverse=false model=Recipe");
    assertThat(recipes.favorites(ada.getId())).isZero();
  }

  @Test
  void receiverThatDisconnectsItselfDuringASaveIsNotCalledAgain() {
    List<String> calls = new ArrayList<>();
    Connection[] self = new Connection[1];
    self[0] =
        signals
            .postSave()
            .connect(
                User.class,
                e -> {
                  calls.add(e.instance().getUsername());
                  self[0].disconnect();
                });

    users.insert(new User("ada", "ada@example.com"));
    users.insert(new User("bob", "bob@example.com"));

    assertThat(calls).containsExactly("ada");
  }

  @Test
  void daoMethodWithoutAnInstanceFailsWhenAttached() {
    assertThatThrownBy(() -> jdbi.onDemand(FoodSchema.BrokenDao.class).insert("a", "b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("FoodSchema$BrokenDao.insert needs a parameter of type User")
        .hasMessageContaining("(String, String)");
    assertThat(users.count()).isZero();
  }

  @Test
  void writeWithoutThePluginSaysHowToInstallIt() {
    Jdbi bare = db.bare();
    assertThatThrownBy(() -> bare.onDemand(UserDao.class).insert(new User("a", "a@b.c")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("UserDao.insert sends model signals, but this Jdbi has no")
        .hasMessageContaining("installPlugin(new SignalsPlugin(signals))");
    assertThat(users.count()).isZero();
  }

  @Test
  void eventsCarryTheirTypesAndTheDatabaseAlias() {
    List<ModelEvent<?>> events = new ArrayList<>();
    signals.preSave().connect(events::add);
    signals.postSave().connect(events::add);
    signals.preDelete().connect(events::add);
    signals.postDelete().connect(events::add);
    signals.m2mChanged().connect(events::add);
    User ada = new User("ada", "ada@example.com");

    users.insert(ada);
    users.clearFavorites(ada);
    users.delete(ada);

    assertThat(events)
        .extracting(e -> e.getClass().getSimpleName())
        .containsExactly(
            PreSave.class.getSimpleName(),
            PostSave.class.getSimpleName(),
            M2MChanged.class.getSimpleName(),
            M2MChanged.class.getSimpleName(),
            PreDelete.class.getSimpleName(),
            PostDelete.class.getSimpleName());
    assertThat(events).allSatisfy(e -> assertThat(e.using()).isEqualTo("default"));
    assertThat(((M2MChanged<?>) events.get(2)).action()).isEqualTo(M2MChanged.PRE_CLEAR);
  }
}
