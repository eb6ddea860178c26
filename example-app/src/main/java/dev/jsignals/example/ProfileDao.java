package dev.jsignals.example;

import dev.jsignals.jdbi.Inserts;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Profiles. */
@RegisterConstructorMapper(Profile.class)
public interface ProfileDao {
  /**
   * Inserts a profile: {@code pre_save} and {@code post_save} for {@link Profile}.
   *
   * @param profile the profile
   * @return the new id
   */
  @SqlUpdate("INSERT INTO profiles (user_id, image) VALUES (:userId, :image)")
  @GetGeneratedKeys("id")
  @Inserts(Profile.class)
  long insert(@BindMethods Profile profile);

  /**
   * Finds the profile of a user.
   *
   * @param userId the user
   * @return the profile, if any
   */
  @SqlQuery(
      "SELECT id, user_id AS userId, image, favorites_count AS favoritesCount FROM profiles"
          + " WHERE user_id = :userId")
  Optional<Profile> forUser(long userId);

  /**
   * Sets a profile's favourites count from the join table.
   *
   * @param userId the user
   */
  @SqlUpdate(
      "UPDATE profiles SET favorites_count = (SELECT count(*) FROM favorites f WHERE f.user_id ="
          + " :userId) WHERE user_id = :userId")
  void recount(long userId);
}
