package dev.jsignals.kafka;

import dev.jsignals.jdbi.Inserts;
import dev.jsignals.jdbi.Updates;
import org.jdbi.v3.sqlobject.customizer.BindBean;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The model the relay suites write: a bean with a version that each update raises. */
public final class Meal {
  private long id;
  private String name = "";
  private int version;

  /** For Jackson. */
  public Meal() {}

  Meal(String name) {
    this.name = name;
  }

  public long getId() {
    return id;
  }

  public void setId(long id) {
    this.id = id;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public int getVersion() {
    return version;
  }

  public void setVersion(int version) {
    this.version = version;
  }

  /** Writes meals, sending the model signals. */
  public interface Dao {
    @SqlUpdate("INSERT INTO meals (name, version) VALUES (:name, :version)")
    @GetGeneratedKeys("id")
    @Inserts(Meal.class)
    long insert(@BindBean Meal meal);

    @SqlUpdate("UPDATE meals SET name = :name, version = :version WHERE id = :id")
    @Updates(Meal.class)
    int update(@BindBean Meal meal);
  }
}
