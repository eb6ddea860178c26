package dev.jsignals.bootfood;

import java.util.Optional;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * A user's profile, created by {@link FoodReceivers} whenever a user is.
 *
 * @param userId the user
 * @param image the profile image
 */
public record Profile(long userId, String image) {

  /** Profiles. */
  public interface Dao {
    @SqlUpdate("INSERT INTO profiles (user_id, image) VALUES (?, 'profile_images/default.jpg')")
    void insertDefault(long userId);

    @SqlQuery("SELECT image FROM profiles WHERE user_id = ?")
    Optional<String> image(long userId);
  }
}
