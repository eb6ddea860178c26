package dev.jsignals.jdbi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jsignals.core.Signals;
import dev.jsignals.jdbi.FoodSchema.Favorite;
import dev.jsignals.jdbi.FoodSchema.RecipeDao;
import dev.jsignals.jdbi.FoodSchema.User;
import dev.jsignals.jdbi.FoodSchema.UserDao;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlLogger;
import org.jdbi.v3.core.statement.StatementContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code m2m_changed} as Django sends it for {@code add()}, {@code remove()} and {@code set()}
 * ({@code tests/m2m_signals}), with the relation declared once on the through type.
 */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {TestDatabase.SQLITE, TestDatabase.POSTGRESQL})
class DjangoM2MChangedTest {
  @Parameter String database;

  @TempDir Path dir;
  private final Signals signals = Signals.create();
  private final List<String> events = new CopyOnWriteArrayList<>();
  private final AtomicInteger statements = new AtomicInteger();
  private TestDatabase db;
  private Jdbi jdbi;
  private UserDao users;
  private RecipeDao recipes;
  private User ada;
  private long soup;
  private long cake;
  private long pie;

  @BeforeEach
  void open() {
    db = TestDatabase.create(database, dir);
    jdbi = db.open(signals);
    users = jdbi.onDemand(UserDao.class);
    recipes = jdbi.onDemand(RecipeDao.class);
    ada = new User("ada", "ada@example.com");
    users.insert(ada);
    soup = recipes.insert("soup");
    cake = recipes.insert("cake");
    pie = recipes.insert("pie");
    signals.m2mChanged().connect(Favorite.class, e -> events.add(e.action() + " " + e.pkSet()));
    jdbi.setSqlLogger(
        new SqlLogger() {
          @Override
          public void logBeforeExecution(StatementContext context) {
            statements.incrementAndGet();
          }
        });
  }

  @Test
  void addOrRemoveOfNoIdsSendsNothingAndRunsNoSql() {
    users.addFavorites(ada, List.of(soup));
    events.clear();
    statements.set(0);

    assertThat(users.addFavorites(ada, List.of())).isZero();
    users.removeFavorites(ada, List.of());

    assertThat(events).isEmpty();
    assertThat(statements).hasValue(0);
    assertThat(recipes.favorites(ada.getId())).isOne();
  }

  @Test
  void addOfIdsAlreadyRelatedSendsThePairWithAnEmptySetAndRemoveSendsEveryIdGiven() {
    users.addFavorites(ada, List.of(soup));
    events.clear();

    assertThat(users.addFavorites(ada, List.of(soup))).isZero();
    users.removeFavorites(ada, List.of(soup, pie));

    assertThat(events)
        .containsExactly(
            "pre_add []",
            "post_add []",
            "pre_remove [" + soup + ", " + pie + "]",
            "post_remove [" + soup + ", " + pie + "]");
  }

  @Test
  void setRemovesWhatIsNoLongerWantedThenAddsWhatIsNew() {
    users.addFavorites(ada, List.of(soup, cake));
    events.clear();

    int rows = users.setFavorites(ada, List.of(cake, pie));

    assertThat(events)
        .containsExactly(
            "pre_remove [" + soup + "]",
            "post_remove [" + soup + "]",
            "pre_add [" + pie + "]",
            "post_add [" + pie + "]");
    assertThat(rows).isEqualTo(2);
    assertThat(recipes.favorites(ada.getId())).isEqualTo(2);
  }

  @Test
  void setToTheIdsAlreadyRelatedSendsNothing() {
    users.addFavorites(ada, List.of(soup, cake));
    events.clear();

    assertThat(users.setFavorites(ada, List.of(cake, soup))).isZero();

    assertThat(events).isEmpty();
  }

  @Test
  void setWithClearClearsThenAddsEveryId() {
    users.addFavorites(ada, List.of(soup, cake));
    events.clear();

    int rows = users.resetFavorites(ada, List.of(cake, pie));

    assertThat(events)
        .containsExactly(
            "pre_clear null",
            "post_clear null",
            "pre_add [" + cake + ", " + pie + "]",
            "post_add [" + cake + ", " + pie + "]");
    assertThat(rows).isEqualTo(4);
    assertThat(recipes.favorites(ada.getId())).isEqualTo(2);
  }

  @Test
  void setToNoIdsRemovesEveryRelatedId() {
    users.addFavorites(ada, List.of(soup, cake));
    events.clear();

    users.setFavorites(ada, List.of());

    assertThat(events)
        .containsExactly(
            "pre_remove [" + soup + ", " + cake + "]", "post_remove [" + soup + ", " + cake + "]");
    assertThat(recipes.favorites(ada.getId())).isZero();
  }

  /** A through type without a declaration. */
  public record Undeclared() {}

  /** A DAO that changes a relation nobody declared. */
  public interface UndeclaredDao {
    @M2MAdd(Undeclared.class)
    void add(User user, Collection<Long> ids);
  }

  @Test
  void relationWithoutDeclarationIsRefusedWhenAttachedNamingTheFix() {
    assertThatThrownBy(() -> jdbi.onDemand(UndeclaredDao.class).add(ada, List.of(soup)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("UndeclaredDao.add")
        .hasMessageContaining("Undeclared, which has no @ManyToMany");
    assertThat(recipes.favorites(ada.getId())).isZero();
  }
}
