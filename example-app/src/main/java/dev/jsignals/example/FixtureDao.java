package dev.jsignals.example;

import dev.jsignals.jdbi.Saves;
import org.jdbi.v3.sqlobject.customizer.BindBean;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * Fixture rows written exactly as given, keys included, as Django's {@code loaddata} saves them:
 * raw saves, so receivers see {@code raw = true} and add nothing of their own.
 */
public interface FixtureDao {

  /**
   * Saves a user with its key: updates the row with that key, or inserts it.
   *
   * @param user the user, with its id
   * @return whether it was inserted
   */
  @SqlUpdate("UPDATE users SET username = :username, email = :email WHERE id = :id")
  @Saves(value = User.class, insert = "insertUser", raw = true)
  boolean saveUser(@BindBean User user);

  /**
   * Inserts a user row with its key; {@link #saveUser} calls it.
   *
   * @param user the user, with its id
   */
  @SqlUpdate("INSERT INTO users (id, username, email) VALUES (:id, :username, :email)")
  void insertUser(@BindBean User user);

  /**
   * Saves a profile with its key: updates the row with that key, or inserts it.
   *
   * @param profile the profile, with its id
   * @return whether it was inserted
   */
  @SqlUpdate("UPDATE profiles SET user_id = :userId, image = :image WHERE id = :id")
  @Saves(value = Profile.class, insert = "insertProfile", raw = true)
  boolean saveProfile(@BindMethods Profile profile);

  /**
   * Inserts a profile row with its key; {@link #saveProfile} calls it.
   *
   * @param profile the profile, with its id
   */
  @SqlUpdate("INSERT INTO profiles (id, user_id, image) VALUES (:id, :userId, :image)")
  void insertProfile(@BindMethods Profile profile);
}
