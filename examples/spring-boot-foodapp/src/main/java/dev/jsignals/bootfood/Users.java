package dev.jsignals.bootfood;

import org.jdbi.v3.core.Jdbi;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Registers users: the user, its profile and its welcome mail's outbox row in one transaction. */
@Service
public class Users {
  private final User.Dao users;

  Users(Jdbi jdbi) {
    this.users = jdbi.onDemand(User.Dao.class);
  }

  /**
   * Registers a user.
   *
   * @param username the name
   * @param email the address; checked after the insert, so a bad one rolls the whole write back
   * @return the user, with its id
   * @throws IllegalArgumentException if the address has no {@code @}
   */
  @Transactional
  public User register(String username, String email) {
    User user = new User(username, email);
    users.insert(user);
    if (!email.contains("@")) {
      throw new IllegalArgumentException("'" + email + "' is not an e-mail address");
    }
    return user;
  }
}
