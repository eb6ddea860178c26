package dev.jsignals.bootfood;

import dev.jsignals.jdbi.Inserts;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterBeanMapper;
import org.jdbi.v3.sqlobject.customizer.BindBean;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** A user of the Food App: a bean, as Jdbi and the outbox's Jackson read it. */
public class User {
  private long id;
  private String username = "";
  private String email = "";

  /** For Jdbi and Jackson. */
  public User() {}

  User(String username, String email) {
    this.username = username;
    this.email = email;
  }

  public long getId() {
    return id;
  }

  public void setId(long id) {
    this.id = id;
  }

  public String getUsername() {
    return username;
  }

  public void setUsername(String username) {
    this.username = username;
  }

  public String getEmail() {
    return email;
  }

  public void setEmail(String email) {
    this.email = email;
  }

  /** Users; the insert is a save of a {@code User} (pre_save, INSERT, post_save). */
  @RegisterBeanMapper(User.class)
  public interface Dao {
    @SqlUpdate("INSERT INTO users (username, email) VALUES (:username, :email)")
    @GetGeneratedKeys("id")
    @Inserts(User.class)
    long insert(@BindBean User user);

    @SqlQuery("SELECT id, username, email FROM users WHERE id = ?")
    Optional<User> find(long id);

    @SqlQuery("SELECT count(*) FROM users")
    int count();
  }
}
