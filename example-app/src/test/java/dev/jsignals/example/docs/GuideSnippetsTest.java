package dev.jsignals.example.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jsignals.core.PostSave;
import dev.jsignals.core.Signals;
import dev.jsignals.dispatch.ConnectOptions;
import dev.jsignals.dispatch.Connection;
import dev.jsignals.dispatch.Response;
import dev.jsignals.dispatch.Signal;
import dev.jsignals.dispatch.SignalCapture;
import dev.jsignals.example.Favorite;
import dev.jsignals.example.FixtureDao;
import dev.jsignals.example.Profile;
import dev.jsignals.example.ProfileDao;
import dev.jsignals.example.RecipeDao;
import dev.jsignals.example.User;
import dev.jsignals.example.UserDao;
import dev.jsignals.jdbi.BulkDeletes;
import dev.jsignals.jdbi.DeletedRows;
import dev.jsignals.jdbi.Deletes;
import dev.jsignals.jdbi.M2MSet;
import dev.jsignals.jdbi.PrimaryKey;
import dev.jsignals.jdbi.Saves;
import dev.jsignals.jdbi.SignalsPlugin;
import dev.jsignals.jdbi.SqliteDataSources;
import dev.jsignals.outbox.Outbox;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java snippets of README.md and docs/, compiled and run. {@link DocsSnippetsTest} checks that
 * every Java block of the documentation is one of the tagged regions of this file.
 */
class GuideSnippetsTest {
  @TempDir Path dir;
  private Jdbi jdbi;
  private Signals signals;

  /** A custom event. */
  record OrderShipped(long orderId, String email) {}

  @BeforeEach
  void open() {
    Path file = dir.resolve("food.db");
    Flyway.configure()
        .dataSource(SqliteDataSources.file(file))
        .locations("classpath:db/migration/sqlite")
        .load()
        .migrate();
    // tag::wiring[]
    Signals signals = Signals.discover();
    Jdbi jdbi =
        Jdbi.create(SqliteDataSources.file(file))
            .installPlugin(new SqlObjectPlugin())
            .installPlugin(new SignalsPlugin(signals));
    // end::wiring[]
    // The Food App's welcome mail is @Receiver(durable = true): an outbox takes it over.
    Outbox.builder(jdbi, signals).build();
    this.signals = signals;
    this.jdbi = jdbi;
  }

  @Test
  void registeringAUserCreatesItsProfile() {
    // tag::register[]
    UserDao users = jdbi.onDemand(UserDao.class);
    User ada = new User("ada", "ada@example.com", null);
    users.insert(ada); // pre_save, INSERT, post_save(created)

    Profile profile = jdbi.onDemand(ProfileDao.class).forUser(ada.getId()).orElseThrow();
    assertThat(profile.image()).isEqualTo("profile_images/default.jpg");
    // end::register[]
  }

  @Test
  void lambdaReceiversAreTypedByTheirSender() {
    List<String> audit = new ArrayList<>();
    // tag::lambda[]
    Connection connection =
        signals
            .postSave()
            .connect(
                User.class,
                event -> {
                  if (event.created()) {
                    audit.add(
                        "new user " + event.instance().getUsername()); // event is a PostSave<User>
                  }
                });
    // end::lambda[]
    jdbi.onDemand(UserDao.class).insert(new User("ada", "ada@example.com", null));
    assertThat(audit).containsExactly("new user ada");
    // tag::disconnect[]
    connection.disconnect(); // or try-with-resources: it is AutoCloseable
    // end::disconnect[]
  }

  @Test
  void customSignalsSendAndCollectResponses() {
    // tag::custom[]
    Signal<OrderShipped> shipped = signals.signal(OrderShipped.class);
    shipped.connect(
        ConnectOptions.anySender().dispatchUid("shop.notify-customer"),
        event -> System.out.println("mail " + event.email()));

    List<Response> responses = shipped.sendRobust("shop", new OrderShipped(42, "ada@example.com"));
    for (Response response : responses) {
      if (response.failed()) {
        System.err.println(response.receiver().receiver() + " failed: " + response.error());
      }
    }
    // end::custom[]
    assertThat(responses).hasSize(1);
    assertThat(responses.get(0).failed()).isFalse();
    shipped.disconnectUid("shop.notify-customer");
  }

  @Test
  void sideEffectsWaitForTheCommit() {
    List<String> outbox = new CopyOnWriteArrayList<>();
    // tag::on-commit[]
    signals
        .postSave()
        .connect(
            User.class,
            event -> {
              if (event.created()) {
                String email = event.instance().getEmail();
                event.onCommit(() -> outbox.add("welcome " + email)); // never after a rollback
              }
            });
    // end::on-commit[]
    jdbi.onDemand(UserDao.class).insert(new User("ada", "ada@example.com", null));
    assertThat(outbox).containsExactly("welcome ada@example.com");
  }

  @Test
  void testsMuteAndCaptureSignals() {
    // tag::testing[]
    try (SignalCapture<PostSave<?>> saves = signals.postSave().capture()) {
      jdbi.onDemand(UserDao.class).insert(new User("ada", "ada@example.com", null));
      assertThat(saves.events())
          .anySatisfy(e -> assertThat(e.sender() == User.class && e.created()).isTrue());
    }

    try (var muted = signals.postSave().mute()) { // this thread only: parallel tests are safe
      jdbi.onDemand(UserDao.class).insert(new User("bob", "bob@example.com", null));
    }
    assertThat(jdbi.onDemand(UserDao.class).withoutProfile())
        .extracting(User::getUsername)
        .containsExactly("bob"); // no receiver ran, so no profile
    // end::testing[]
  }

  /** A listener object with a lifetime of its own. */
  static final class Dashboard {
    final List<String> lines = new ArrayList<>();

    void onSave(PostSave<?> event) {
      lines.add(String.valueOf(event.instance()));
    }
  }

  @Test
  void weakReceiversFollowTheirOwner() {
    Dashboard dashboard = new Dashboard();
    // tag::weak[]
    signals.postSave().signal().connectWeak(dashboard, Dashboard::onSave);
    // end::weak[]
    jdbi.onDemand(UserDao.class).insert(new User("ada", "ada@example.com", null));
    assertThat(dashboard.lines).hasSize(2); // the user and its profile
  }

  // tag::m2m-set[]
  public interface FavoritesDao {
    @M2MSet(Favorite.class)
    int set(User user, Collection<Long> recipeIds); // remove what is gone, add what is new
  }

  // end::m2m-set[]

  @Test
  void setRemovesWhatIsGoneAndAddsWhatIsNew() {
    User ada = new User("ada", "ada@example.com", null);
    jdbi.onDemand(UserDao.class).insert(ada);
    RecipeDao recipes = jdbi.onDemand(RecipeDao.class);
    long soup = recipes.insert("soup");
    long cake = recipes.insert("cake");
    long pie = recipes.insert("pie");
    jdbi.onDemand(UserDao.class).addFavorites(ada, List.of(soup, cake));
    List<String> changes = new CopyOnWriteArrayList<>();
    signals.m2mChanged().connect(Favorite.class, e -> changes.add(e.action() + " " + e.pkSet()));

    // tag::m2m-set-call[]
    jdbi.onDemand(FavoritesDao.class).set(ada, List.of(cake, pie));
    // m2m_changed: pre_remove [soup], post_remove [soup], pre_add [pie], post_add [pie]
    // end::m2m-set-call[]

    assertThat(changes)
        .containsExactly(
            "pre_remove [" + soup + "]",
            "post_remove [" + soup + "]",
            "pre_add [" + pie + "]",
            "post_add [" + pie + "]");
    assertThat(recipes.favoredBy(ada.getId())).containsExactlyInAnyOrder(cake, pie);
  }

  @Test
  void rawFixtureLoadMakesNoSecondProfile() {
    // tag::raw-fixture[]
    User ada = new User("ada", "ada@example.com", null);
    ada.setId(7); // the fixture's own keys
    jdbi.useTransaction(
        handle -> {
          FixtureDao fixtures = handle.attach(FixtureDao.class); // @Saves(..., raw = true)
          fixtures.saveUser(ada); // post_save(created, raw): createProfile skips it
          fixtures.saveProfile(new Profile(70, 7, "images/ada.png", 0));
        });
    // end::raw-fixture[]

    assertThat(jdbi.onDemand(ProfileDao.class).forUser(7).orElseThrow().image())
        .isEqualTo("images/ada.png");
    int profiles =
        jdbi.withHandle(h -> h.select("SELECT count(*) FROM profiles").mapTo(Integer.class).one());
    assertThat(profiles).isOne();
  }

  // tag::custom-key[]
  public record Coupon(@PrimaryKey String code, int percent) {}

  public interface CouponDao {
    @SqlUpdate("UPDATE coupons SET percent = :percent WHERE code = :code")
    @Saves(value = Coupon.class, insert = "insert")
    boolean save(@BindMethods Coupon coupon); // true when it inserted

    @SqlUpdate("INSERT INTO coupons (code, percent) VALUES (:code, :percent)")
    void insert(@BindMethods Coupon coupon);
  }

  // end::custom-key[]

  @Test
  void customKeySavesInsertThenUpdate() {
    jdbi.useHandle(h -> h.execute("CREATE TABLE coupons (code TEXT PRIMARY KEY, percent INT)"));
    List<Boolean> created = new CopyOnWriteArrayList<>();
    signals.postSave().connect(Coupon.class, e -> created.add(e.created()));

    CouponDao coupons = jdbi.onDemand(CouponDao.class);
    assertThat(coupons.save(new Coupon("WELCOME10", 10))).isTrue();
    assertThat(coupons.save(new Coupon("WELCOME10", 15))).isFalse();

    assertThat(created).containsExactly(true, false);
  }

  // tag::bulk-delete[]
  public interface CleanupDao {
    @BulkDeletes(
        value = User.class,
        select = "SELECT id, username, email FROM users WHERE email LIKE :pattern",
        delete = "DELETE FROM users WHERE id = :id",
        dependents =
            @Deletes.Dependent(
                model = Profile.class,
                select =
                    "SELECT id, user_id AS userId, image, favorites_count AS favoritesCount"
                        + " FROM profiles WHERE user_id = :id",
                delete = "DELETE FROM profiles WHERE user_id = :id"))
    DeletedRows deleteByEmail(@Bind("pattern") String pattern);
  }

  // end::bulk-delete[]

  @Test
  void bulkDeleteSendsEachRowsSignalsAndCountsPerModel() {
    UserDao users = jdbi.onDemand(UserDao.class);
    users.insert(new User("ada", "ada@example.com", null));
    users.insert(new User("bob", "bob@example.org", null));
    List<String> deletes = new CopyOnWriteArrayList<>();
    signals.postDelete().connect(e -> deletes.add(e.sender().getSimpleName()));

    // tag::bulk-delete-call[]
    DeletedRows deleted = jdbi.onDemand(CleanupDao.class).deleteByEmail("%@example.com");
    assertThat(deleted.count(User.class)).isEqualTo(1); // ada, with her signals
    assertThat(deleted.count(Profile.class)).isEqualTo(1); // and her profile's
    // end::bulk-delete-call[]

    assertThat(deletes).containsExactly("Profile", "User");
    assertThat(users.find("bob")).isPresent();
  }
}
