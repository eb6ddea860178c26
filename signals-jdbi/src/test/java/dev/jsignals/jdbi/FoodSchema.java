package dev.jsignals.jdbi;

import java.util.Collection;
import java.util.Set;
import org.jdbi.v3.sqlobject.customizer.BindBean;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The food app's models and DAOs; {@link TestDatabase} creates the tables. */
final class FoodSchema {
  private FoodSchema() {}

  /** A mutable bean, so the generated key is written into it. */
  public static final class User {
    private long id;
    private String username;
    private String email;

    public User() {}

    public User(String username, String email) {
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

    @Override
    public String toString() {
      return "User[" + id + ", " + username + "]";
    }
  }

  /** A record: post_save receives a copy holding the key. */
  public record Profile(long id, long userId, String image) {}

  /** The through type of the favourites relation, declared once. */
  @ManyToMany(
      table = "favorites",
      model = User.class,
      column = "user_id",
      related = Recipe.class,
      relatedColumn = "recipe_id")
  public record Favorite() {}

  /** The related model of the favourites relation. */
  public record Recipe(long id, String name) {}

  /** Users. */
  public interface UserDao {
    @SqlUpdate("INSERT INTO users (username, email) VALUES (:username, :email)")
    @GetGeneratedKeys("id")
    @Inserts(User.class)
    long insert(@BindBean User user);

    @SqlUpdate("UPDATE users SET username = :username, email = :email WHERE id = :id")
    @Updates(User.class)
    int update(@BindBean User user);

    @SqlUpdate("UPDATE users SET email = :email WHERE id = :id")
    @Updates(value = User.class, fields = "email")
    int updateEmail(@BindBean User user);

    @SqlUpdate("UPDATE users SET email = :email WHERE id = :id")
    @Updates(User.class)
    int updateOnly(@BindBean User user, @UpdateFields Set<String> fields);

    @SqlUpdate("UPDATE users SET username = :username, email = :email WHERE id = :id")
    @Saves(value = User.class, insert = "insertRow")
    boolean save(@BindBean User user);

    @SqlUpdate("INSERT INTO users (username, email) VALUES (:username, :email)")
    @GetGeneratedKeys("id")
    long insertRow(@BindBean User user);

    @SqlUpdate("DELETE FROM users WHERE id = :id")
    @Deletes(
        value = User.class,
        dependents =
            @Deletes.Dependent(
                model = Profile.class,
                select = "SELECT id, user_id AS userId, image FROM profiles WHERE user_id = :id",
                delete = "DELETE FROM profiles WHERE user_id = :id"))
    int delete(@BindBean User user);

    @M2MAdd(Favorite.class)
    int addFavorites(User user, Collection<Long> recipeIds);

    @M2MRemove(Favorite.class)
    void removeFavorites(User user, Collection<Long> recipeIds);

    @M2MClear(Favorite.class)
    void clearFavorites(User user);

    @M2MSet(Favorite.class)
    int setFavorites(User user, Collection<Long> recipeIds);

    @M2MSet(value = Favorite.class, clear = true)
    int resetFavorites(User user, Collection<Long> recipeIds);

    @SqlQuery("SELECT count(*) FROM users")
    int count();

    @SqlQuery("SELECT email FROM users WHERE id = :id")
    String email(long id);
  }

  /** Users, saved with robust post_save receivers. */
  public interface RobustUserDao {
    @SqlUpdate("INSERT INTO users (username, email) VALUES (:username, :email)")
    @GetGeneratedKeys("id")
    @Inserts(value = User.class, robust = true)
    long insert(@BindBean User user);
  }

  /** Profiles. */
  public interface ProfileDao {
    @SqlUpdate("INSERT INTO profiles (user_id, image) VALUES (:userId, :image)")
    @GetGeneratedKeys("id")
    @Inserts(Profile.class)
    long insert(@BindMethods Profile profile);

    @SqlQuery("SELECT count(*) FROM profiles")
    int count();
  }

  /** Recipes. */
  public interface RecipeDao {
    @SqlUpdate("INSERT INTO recipes (name) VALUES (:name)")
    @GetGeneratedKeys("id")
    long insert(String name);

    @SqlQuery("SELECT count(*) FROM favorites WHERE user_id = :userId")
    int favorites(long userId);
  }

  /** The favourites relation seen from a recipe: Django's reverse side. */
  public interface RecipeFavoritesDao {
    @M2MAdd(value = Favorite.class, reverse = true)
    void addFans(Recipe recipe, Collection<Long> userIds);
  }

  /** A DAO whose annotated method returns what no write returns. */
  public interface WrongReturnDao {
    @SqlUpdate("INSERT INTO users (username, email) VALUES (:username, :email)")
    @Inserts(User.class)
    String insert(@BindBean User user);
  }

  /** A DAO whose save names an insert method that does not exist. */
  public interface MissingInsertDao {
    @SqlUpdate("UPDATE users SET email = :email WHERE id = :id")
    @Saves(value = User.class, insert = "nowhere")
    boolean save(@BindBean User user);
  }

  /** A DAO whose annotated method has no instance. */
  public interface BrokenDao {
    @SqlUpdate("INSERT INTO users (username, email) VALUES (:username, :email)")
    @Inserts(User.class)
    void insert(String username, String email);
  }
}
