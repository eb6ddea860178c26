package dev.jsignals.benchmarks;

import dev.jsignals.core.Signals;
import dev.jsignals.jdbi.Inserts;
import dev.jsignals.jdbi.SignalsPlugin;
import dev.jsignals.jdbi.SqliteDataSources;
import java.nio.file.Path;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.jdbi.v3.sqlobject.customizer.BindBean;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The database of the outbox benchmarks: an {@code orders} table on SQLite or PostgreSQL. */
final class OutboxDatabase {
  private OutboxDatabase() {}

  /** An order: a bean, so the generated id is written back and each order is its own key. */
  public static final class Order {
    private long id;
    private String item = "";

    /** For Jackson. */
    public Order() {}

    Order(String item) {
      this.item = item;
    }

    public long getId() {
      return id;
    }

    public void setId(long id) {
      this.id = id;
    }

    public String getItem() {
      return item;
    }

    public void setItem(String item) {
      this.item = item;
    }
  }

  /** Inserts orders, sending pre_save and post_save. */
  public interface OrderDao {
    @SqlUpdate("INSERT INTO orders (item) VALUES (:item)")
    @GetGeneratedKeys("id")
    @Inserts(Order.class)
    long insert(@BindBean Order order);
  }

  /** The URL of a new, empty database with the orders table, in {@code dir} for SQLite. */
  static String create(String database, Path dir, String name) {
    return create(database, dir, name, "on");
  }

  /**
   * The same, with PostgreSQL's {@code synchronous_commit} set to {@code synchronousCommit} for
   * every session of the URL (ignored on SQLite).
   */
  static String create(String database, Path dir, String name, String synchronousCommit) {
    String url;
    String key;
    if (database.equals("sqlite")) {
      url = "jdbc:sqlite:" + dir.resolve(name + ".db");
      key = "INTEGER PRIMARY KEY";
    } else {
      String server = System.getenv("JSIGNALS_POSTGRES_URL");
      if (server == null) {
        throw new IllegalStateException(
            "set JSIGNALS_POSTGRES_URL to a JDBC URL, or pass -p database=sqlite");
      }
      String schema = "bench_" + name + "_" + System.nanoTime();
      Jdbi.create(server).useHandle(h -> h.execute("CREATE SCHEMA " + schema));
      url = server + "&currentSchema=" + schema;
      if (!synchronousCommit.equals("on")) {
        url += "&options=-c%20synchronous_commit%3D" + synchronousCommit;
      }
      key = "BIGSERIAL PRIMARY KEY";
    }
    jdbi(url, Signals.create())
        .useHandle(h -> h.execute("CREATE TABLE orders (id " + key + ", item TEXT NOT NULL)"));
    return url;
  }

  static Jdbi jdbi(String url, Signals signals) {
    Jdbi jdbi =
        url.startsWith("jdbc:sqlite:")
            ? Jdbi.create(SqliteDataSources.file(Path.of(url.substring("jdbc:sqlite:".length()))))
            : Jdbi.create(url);
    return jdbi.installPlugin(new SqlObjectPlugin()).installPlugin(new SignalsPlugin(signals));
  }
}
