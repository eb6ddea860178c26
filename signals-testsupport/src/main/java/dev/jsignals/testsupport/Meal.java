package dev.jsignals.testsupport;

import dev.jsignals.core.Signals;
import dev.jsignals.jdbi.Inserts;
import dev.jsignals.jdbi.Updates;
import java.nio.file.Path;
import org.jdbi.v3.sqlobject.customizer.BindBean;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * The model the outbox and relay suites write: a bean with a version that each update raises,
 * written by Jackson without annotations, in the table {@code meals} ({@link #createDatabase}).
 * Mutable and not thread-safe, as a bean is.
 */
public final class Meal {
  private long id;
  private String name = "";
  private int version;

  /** For Jackson. */
  public Meal() {}

  /**
   * A meal not saved yet.
   *
   * @param name its name
   * @param version its first version
   */
  public Meal(String name, int version) {
    this.name = name;
    this.version = version;
  }

  /**
   * Creates an empty database of the kind ({@link Databases#create}) with the {@code meals} table.
   *
   * @param kind {@link Databases#SQLITE} or {@link Databases#POSTGRESQL}
   * @param dir the test's temporary folder
   * @param file the SQLite file's name
   * @param schemaPrefix the PostgreSQL schema's prefix
   * @return the database's JDBC URL
   */
  public static String createDatabase(String kind, Path dir, String file, String schemaPrefix) {
    String url = Databases.create(kind, dir, file, schemaPrefix);
    String id = Databases.idColumn(kind);
    Databases.jdbi(url, Signals.create())
        .useHandle(
            h ->
                h.execute(
                    "CREATE TABLE meals (id "
                        + id
                        + ", name TEXT NOT NULL, version INT NOT NULL)"));
    return url;
  }

  /** The id the database gave it; 0 before it is saved. */
  public long getId() {
    return id;
  }

  /** Sets the id. */
  public void setId(long id) {
    this.id = id;
  }

  /** The name. */
  public String getName() {
    return name;
  }

  /** Sets the name. */
  public void setName(String name) {
    this.name = name;
  }

  /** The version: 0 for a new meal unless given, raised by the suite at each update. */
  public int getVersion() {
    return version;
  }

  /** Sets the version. */
  public void setVersion(int version) {
    this.version = version;
  }

  @Override
  public String toString() {
    return "Meal[" + id + ", " + name + ", v" + version + "]";
  }

  /** Writes meals, sending the model signals. */
  public interface Dao {
    /**
     * Inserts the meal.
     *
     * @param meal the meal
     * @return its generated id
     */
    @SqlUpdate("INSERT INTO meals (name, version) VALUES (:name, :version)")
    @GetGeneratedKeys("id")
    @Inserts(Meal.class)
    long insert(@BindBean Meal meal);

    /**
     * Updates the meal's name and version.
     *
     * @param meal the meal
     * @return the number of rows changed
     */
    @SqlUpdate("UPDATE meals SET name = :name, version = :version WHERE id = :id")
    @Updates(Meal.class)
    int update(@BindBean Meal meal);
  }
}
