package dev.jsignals.example;

import dev.jsignals.jdbi.Deletes;
import dev.jsignals.jdbi.Inserts;
import dev.jsignals.jdbi.M2MAdd;
import dev.jsignals.jdbi.M2MClear;
import dev.jsignals.jdbi.M2MRemove;
import dev.jsignals.jdbi.Updates;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterBeanMapper;
import org.jdbi.v3.sqlobject.customizer.BindBean;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Users, and their favourite recipes. */
@RegisterBeanMapper(User.class)
public interface UserDao {
  /** The favourites relation, as {@code m2m_changed} describes it. */
  String FAVORITES = "favorites";

  /**
   * Inserts a user: {@code pre_save}, the insert, {@code post_save(created = true)}.
   *
   * @param user the user; its id is set
   * @return the new id
   */
  // tag::insert[]
  @SqlUpdate(
      "INSERT INTO users (username, email, password_hash) VALUES (:username, :email,"
          + " :passwordHash)")
  @GetGeneratedKeys("id")
  @Inserts(User.class)
  long insert(@BindBean User user);

  // end::insert[]

  /**
   * Updates a user's e-mail: {@code post_save(created = false, updateFields = [email])}.
   *
   * @param user the user
   * @return the rows updated
   */
  @SqlUpdate("UPDATE users SET email = :email WHERE id = :id")
  @Updates(value = User.class, fields = "email")
  int updateEmail(@BindBean User user);

  /**
   * Deletes a user and, with delete signals, the profile.
   *
   * @param user the user
   * @return the rows deleted
   */
  @SqlUpdate("DELETE FROM users WHERE id = :id")
  @Deletes(
      value = User.class,
      dependents =
          @Deletes.Dependent(
              model = Profile.class,
              select =
                  "SELECT id, user_id AS userId, image, favorites_count AS favoritesCount"
                      + " FROM profiles WHERE user_id = :id",
              delete = "DELETE FROM profiles WHERE user_id = :id"))
  int delete(@BindBean User user);

  /**
   * Favours recipes; only the new ones are written.
   *
   * @param user the user
   * @param recipeIds the recipes
   * @return the rows written
   */
  @M2MAdd(Favorite.class)
  int addFavorites(User user, Collection<Long> recipeIds);

  /**
   * Stops favouring recipes.
   *
   * @param user the user
   * @param recipeIds the recipes
   * @return the rows deleted
   */
  @M2MRemove(Favorite.class)
  int removeFavorites(User user, Collection<Long> recipeIds);

  /**
   * Clears a user's favourites.
   *
   * @param user the user
   * @return the rows deleted
   */
  @M2MClear(Favorite.class)
  int clearFavorites(User user);

  /**
   * Finds a user, whatever the case of the name (a unique index on {@code lower(username)}).
   *
   * @param username the name, NFKC-normalised
   * @return the user, if any
   */
  @SqlQuery(
      "SELECT id, username, email, password_hash FROM users WHERE lower(username) ="
          + " lower(:username)")
  Optional<User> find(String username);

  /**
   * Lists the users.
   *
   * @return the users by name
   */
  @SqlQuery("SELECT id, username, email, password_hash FROM users ORDER BY username")
  List<User> all();

  /**
   * Lists the users that have no profile.
   *
   * @return the users by id
   */
  @SqlQuery(
      "SELECT id, username, email, password_hash FROM users u WHERE NOT EXISTS (SELECT 1 FROM"
          + " profiles p WHERE p.user_id = u.id) ORDER BY id")
  List<User> withoutProfile();

  /**
   * The favourite recipes of a user.
   *
   * @param userId the user
   * @return the recipe names
   */
  @SqlQuery(
      "SELECT r.name FROM favorites f JOIN recipes r ON r.id = f.recipe_id WHERE f.user_id ="
          + " :userId ORDER BY r.name")
  List<String> favoriteNames(long userId);
}
