package dev.jsignals.example;

import com.fasterxml.jackson.annotation.JsonIgnore;
import org.jspecify.annotations.Nullable;

/** A user: a mutable bean, so an insert writes the generated id into it. */
public final class User {
  private long id;
  private String username = "";
  private String email = "";
  private @Nullable String passwordHash;

  /** An empty user, for Jdbi's bean mapper. */
  public User() {}

  /**
   * A new user, not saved yet.
   *
   * @param username the unique name
   * @param email the e-mail address
   * @param passwordHash the salted PBKDF2 hash, or {@code null}
   */
  public User(String username, String email, @Nullable String passwordHash) {
    this.username = username;
    this.email = email;
    this.passwordHash = passwordHash;
  }

  /** {@return the id, 0 before the first save} */
  public long getId() {
    return id;
  }

  /**
   * Sets the id.
   *
   * @param id the id
   */
  public void setId(long id) {
    this.id = id;
  }

  /** {@return the unique name} */
  public String getUsername() {
    return username;
  }

  /**
   * Sets the name.
   *
   * @param username the name
   */
  public void setUsername(String username) {
    this.username = username;
  }

  /** {@return the e-mail address} */
  public String getEmail() {
    return email;
  }

  /**
   * Sets the e-mail address.
   *
   * @param email the address
   */
  public void setEmail(String email) {
    this.email = email;
  }

  /** {@return the password hash, or {@code null}; never written to events (outbox, Kafka)} */
  @JsonIgnore
  public @Nullable String getPasswordHash() {
    return passwordHash;
  }

  /**
   * Sets the password hash.
   *
   * @param passwordHash the hash, or {@code null}
   */
  public void setPasswordHash(@Nullable String passwordHash) {
    this.passwordHash = passwordHash;
  }

  @Override
  public String toString() {
    return "User[" + id + ", " + username + "]";
  }
}
