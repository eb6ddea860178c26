package dev.jsignals.outbox;

import dev.jsignals.jdbi.Inserts;
import dev.jsignals.jdbi.Updates;
import org.jdbi.v3.sqlobject.customizer.BindBean;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The model of the outbox suites: a bean, written by Jackson without annotations. */
public final class Item {
  private long id;
  private String name = "";
  private int version;

  /** For Jackson. */
  public Item() {}

  Item(String name, int version) {
    this.name = name;
    this.version = version;
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

  @Override
  public String toString() {
    return "Item[" + id + ", " + name + ", v" + version + "]";
  }

  /** Writes items, sending the model signals. */
  public interface Dao {
    @SqlUpdate("INSERT INTO items (name, version) VALUES (:name, :version)")
    @GetGeneratedKeys("id")
    @Inserts(Item.class)
    long insert(@BindBean Item item);

    @SqlUpdate("UPDATE items SET name = :name, version = :version WHERE id = :id")
    @Updates(Item.class)
    int update(@BindBean Item item);
  }
}
