package dev.jsignals.bootfood;

import org.jdbi.v3.core.Jdbi;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Registers users: the user, its profile and its welcome mail's outbox row in one transaction.
 * {@code register(username, email)} returns the user with its id; the address is checked after the
 * insert, so a bad one (no {@code @}) throws an {@link IllegalArgumentException} and rolls the
 * whole write back.
 */
// tag::spring-service[]
@Service
public class Users {
  private final User.Dao users;

  Users(Jdbi jdbi) {
    this.users = jdbi.onDemand(User.Dao.class);
  }

  @Transactional
  public User register(String username, String email) {
    User user = new User(username, email);
    users.insert(user); // pre_save, INSERT, post_save: the profile too
    if (!email.contains("@")) {
      throw new IllegalArgumentException("'" + email + "' is not an e-mail address");
    } // ...and a throw takes user and profile back
    return user;
  }
}
// end::spring-service[]
