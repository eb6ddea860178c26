package dev.jsignals.jdbi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jsignals.core.Signals;
import dev.jsignals.jdbi.FoodSchema.User;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.customizer.BindBean;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The order of delete signals, pinned to Django's {@code DeletionTests.test_deletion_order}:
 * dependents' models first, {@code pre_delete} in ascending key order per model and {@code
 * post_delete} in descending order, the deleted instance last.
 */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {TestDatabase.SQLITE, TestDatabase.POSTGRESQL})
class DjangoDeletionOrderTest {
  @Parameter String database;

  @TempDir Path dir;
  private final Signals signals = Signals.create();
  private final List<String> log = new CopyOnWriteArrayList<>();
  private Jdbi jdbi;

  /** A note: many per user, with keys the client assigns. */
  public record Note(long id, long userId, String body) {}

  /** Users, deleted with their notes and profile. */
  public interface AuthorDao {
    @SqlUpdate("DELETE FROM users WHERE id = :id")
    @Deletes(
        value = User.class,
        dependents = {
          @Deletes.Dependent(
              model = FoodSchema.Profile.class,
              select = "SELECT id, user_id AS userId, image FROM profiles WHERE user_id = :id",
              delete = "DELETE FROM profiles WHERE user_id = :id"),
          @Deletes.Dependent(
              model = Note.class,
              select = "SELECT id, user_id AS userId, body FROM notes WHERE user_id = :id",
              delete = "DELETE FROM notes WHERE user_id = :id")
        })
    int delete(@BindBean User user);

    @SqlUpdate("INSERT INTO notes (id, user_id, body) VALUES (:id, :userId, :body)")
    void addNote(@BindMethods Note note);

    @SqlQuery("SELECT count(*) FROM notes")
    int notes();
  }

  @BeforeEach
  void open() {
    TestDatabase db = TestDatabase.create(database, dir);
    db.bare()
        .useHandle(
            h ->
                h.execute(
                    "CREATE TABLE notes (id BIGINT PRIMARY KEY, user_id BIGINT NOT NULL REFERENCES"
                        + " users (id), body TEXT NOT NULL)"));
    jdbi = db.open(signals);
    signals
        .preDelete()
        .connect(e -> log.add("pre " + e.sender().getSimpleName() + " " + key(e.instance())));
    signals
        .postDelete()
        .connect(e -> log.add("post " + e.sender().getSimpleName() + " " + key(e.instance())));
  }

  private static Object key(Object instance) {
    if (instance instanceof User user) {
      return user.getId();
    } else if (instance instanceof Note note) {
      return note.id();
    }
    return ((FoodSchema.Profile) instance).id();
  }

  @Test
  void preDeleteAscendingPostDeleteDescendingDependentsModelsFirst() {
    User ada = new User("ada", "ada@example.com");
    jdbi.onDemand(FoodSchema.UserDao.class).insert(ada);
    long profile =
        jdbi.onDemand(FoodSchema.ProfileDao.class)
            .insert(new FoodSchema.Profile(0, ada.getId(), "x.jpg"));
    AuthorDao authors = jdbi.onDemand(AuthorDao.class);
    for (long id : new long[] {20, 3, 11}) {
      authors.addNote(new Note(id, ada.getId(), "note " + id));
    }

    authors.delete(ada);

    long user = ada.getId();
    assertThat(log)
        .containsExactly(
            "pre Profile " + profile,
            "pre Note 3",
            "pre Note 11",
            "pre Note 20",
            "pre User " + user,
            "post Profile " + profile,
            "post Note 20",
            "post Note 11",
            "post Note 3",
            "post User " + user);
    assertThat(authors.notes()).isZero();
  }

  @Test
  void deletedInstanceKeepsItsKeyUnlikeDjangosNone() {
    User ada = new User("ada", "ada@example.com");
    jdbi.onDemand(FoodSchema.UserDao.class).insert(ada);
    long id = ada.getId();

    int rows = jdbi.onDemand(AuthorDao.class).delete(ada);

    assertThat(rows).isOne();
    assertThat(ada.getId()).isEqualTo(id);
    assertThat(log).containsExactly("pre User " + id, "post User " + id);
  }
}
