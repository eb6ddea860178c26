package dev.jsignals.jdbi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jsignals.core.Signals;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlLogger;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.sqlobject.customizer.BindBean;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Keys other than a numeric {@code id}: another name, {@code String} and {@code UUID}, generated or
 * assigned by the client; {@code created} and Django's {@code save()} decision with each.
 */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {TestDatabase.SQLITE, TestDatabase.POSTGRESQL})
class AnyPrimaryKeyTest {
  @Parameter String database;

  @TempDir Path dir;
  private final Signals signals = Signals.create();
  private final List<String> log = new CopyOnWriteArrayList<>();
  private final List<String> sql = new CopyOnWriteArrayList<>();
  private Jdbi jdbi;

  /** A bean whose generated key has another name and a nullable type. */
  public static final class Book {
    @PrimaryKey private Long number;
    private String title;

    public Book() {}

    Book(String title) {
      this.title = title;
    }

    public Long getNumber() {
      return number;
    }

    public void setNumber(Long number) {
      this.number = number;
    }

    public String getTitle() {
      return title;
    }

    public void setTitle(String title) {
      this.title = title;
    }
  }

  /** A record whose key is a String the client assigns. */
  public record Tag(@PrimaryKey String code, String label) {}

  /** A record whose key is a UUID the client assigns. */
  public record Token(UUID id, String owner) {}

  /** Books, tags and tokens. */
  public interface KeysDao {
    @SqlUpdate("INSERT INTO books (title) VALUES (:title)")
    @GetGeneratedKeys("number")
    @Inserts(Book.class)
    long insertBook(@BindBean Book book);

    @SqlUpdate("INSERT INTO books (title) VALUES (:title)")
    @GetGeneratedKeys("number")
    long insertBookRow(@BindBean Book book);

    @SqlUpdate("UPDATE books SET title = :title WHERE number = :number")
    @Saves(value = Book.class, insert = "insertBookRow")
    boolean saveBook(@BindBean Book book);

    @SqlUpdate("UPDATE tags SET label = :label WHERE code = :code")
    @Saves(value = Tag.class, insert = "insertTag")
    boolean saveTag(@BindMethods Tag tag);

    @SqlUpdate("UPDATE tags SET label = :label WHERE code = :code")
    @Saves(value = Tag.class, insert = "insertTag")
    boolean saveTagFields(@BindMethods Tag tag, @UpdateFields Set<String> fields);

    @SqlUpdate("INSERT INTO tags (code, label) VALUES (:code, :label)")
    int insertTag(@BindMethods Tag tag);

    @SqlUpdate("INSERT INTO tags (code, label) VALUES (:code, :label)")
    int insertTag(@BindMethods Tag tag, Set<String> fields);

    @SqlUpdate("INSERT INTO tokens (id, owner) VALUES (:id, :owner)")
    @Inserts(Token.class)
    void insertToken(@BindMethods Token token);

    @SqlUpdate("DELETE FROM tokens WHERE id = :id")
    @Deletes(Token.class)
    int deleteToken(@BindMethods Token token);

    @SqlQuery("SELECT count(*) FROM tags")
    int tags();

    @SqlQuery("SELECT owner FROM tokens")
    List<String> tokenOwners();
  }

  @BeforeEach
  void open() {
    TestDatabase db = TestDatabase.create(database, dir);
    boolean sqlite = database.equals(TestDatabase.SQLITE);
    db.bare()
        .useHandle(
            h -> {
              h.execute(
                  sqlite
                      ? "CREATE TABLE books (number INTEGER PRIMARY KEY, title TEXT NOT NULL)"
                      : "CREATE TABLE books (number BIGSERIAL PRIMARY KEY, title TEXT NOT NULL)");
              h.execute("CREATE TABLE tags (code VARCHAR(40) PRIMARY KEY, label TEXT NOT NULL)");
              h.execute(
                  "CREATE TABLE tokens (id "
                      + (sqlite ? "TEXT" : "UUID")
                      + " PRIMARY KEY, owner TEXT NOT NULL)");
            });
    jdbi = db.open(signals);
    jdbi.setSqlLogger(
        new SqlLogger() {
          @Override
          public void logBeforeExecution(StatementContext context) {
            sql.add(context.getRawSql().trim().split(" ")[0]);
          }
        });
    signals.postSave().connect(e -> log.add("post_save " + e.instance() + " " + e.created()));
  }

  @Test
  void generatedKeyWithAnotherNameReachesTheBeanAndPostSave() {
    List<Long> seen = new CopyOnWriteArrayList<>();
    signals.postSave().connect(Book.class, e -> seen.add(e.instance().getNumber()));
    Book book = new Book("Dune");

    long number = jdbi.onDemand(KeysDao.class).insertBook(book);

    assertThat(book.getNumber()).isEqualTo(number);
    assertThat(seen).containsExactly(number);
  }

  @Test
  void saveOfAnInstanceWithoutAKeyInsertsWithoutTryingTheUpdate() {
    KeysDao dao = jdbi.onDemand(KeysDao.class);
    Book book = new Book("Dune");

    assertThat(dao.saveBook(book)).as("created").isTrue();
    book.setTitle("Dune Messiah");
    assertThat(dao.saveBook(book)).as("created").isFalse();

    assertThat(sql).containsExactly("INSERT", "UPDATE");
  }

  @Test
  void saveOfAClientAssignedKeyUpdatesAndInsertsWhenNoRowMatched() {
    KeysDao dao = jdbi.onDemand(KeysDao.class);

    assertThat(dao.saveTag(new Tag("veg", "Vegetarian"))).isTrue();
    assertThat(dao.saveTag(new Tag("veg", "Veggie"))).isFalse();

    assertThat(sql).containsExactly("UPDATE", "INSERT", "UPDATE");
    assertThat(log)
        .containsExactly(
            "post_save Tag[code=veg, label=Vegetarian] true",
            "post_save Tag[code=veg, label=Veggie] false");
    assertThat(dao.tags()).isOne();
  }

  @Test
  void saveNamingUpdateFieldsThatMatchesNoRowFailsAndInsertsNothing() {
    KeysDao dao = jdbi.onDemand(KeysDao.class);

    assertThatThrownBy(() -> dao.saveTagFields(new Tag("veg", "Veggie"), Set.of("label")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("KeysDao.saveTagFields")
        .hasMessageContaining("[label] matched no row");

    assertThat(dao.tags()).isZero();
    assertThat(log).isEmpty();
  }

  @Test
  void saveNamingUpdateFieldsSendsThem() {
    KeysDao dao = jdbi.onDemand(KeysDao.class);
    dao.saveTag(new Tag("veg", "Vegetarian"));
    List<Set<String>> fields = new CopyOnWriteArrayList<>();
    signals.preSave().connect(Tag.class, e -> fields.add(e.updateFields()));

    assertThat(dao.saveTagFields(new Tag("veg", "Veggie"), Set.of("label"))).isFalse();

    assertThat(fields).containsExactly(Set.of("label"));
  }

  @Test
  void uuidKeyAssignedByTheClientIsCreatedAndDeleted() {
    KeysDao dao = jdbi.onDemand(KeysDao.class);
    List<UUID> deleted = new CopyOnWriteArrayList<>();
    signals.postDelete().connect(Token.class, e -> deleted.add(e.instance().id()));
    Token token = new Token(UUID.randomUUID(), "ada");

    dao.insertToken(token);
    assertThat(dao.tokenOwners()).containsExactly("ada");
    dao.deleteToken(token);

    assertThat(log).containsExactly("post_save " + token + " true");
    assertThat(deleted).containsExactly(token.id());
    assertThat(dao.tokenOwners()).isEmpty();
  }
}
