package dev.jsignals.kafka;

/** A test model: a bean with getters and setters, as the Food App's models are. */
public final class Diner {
  private long id;
  private String email = "";

  public Diner() {}

  Diner(long id, String email) {
    this.id = id;
    this.email = email;
  }

  public long getId() {
    return id;
  }

  public void setId(long id) {
    this.id = id;
  }

  public String getEmail() {
    return email;
  }

  public void setEmail(String email) {
    this.email = email;
  }
}
