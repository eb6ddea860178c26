package dev.jsignals.example.reliability;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/** A child program that holds a SQLite write lock for a while, then exits. */
public final class HoldLock {
  private HoldLock() {}

  /**
   * Takes the lock, says so on standard output, and holds it.
   *
   * @param args the database path and how many milliseconds to hold the lock
   * @throws Exception if the database cannot be opened
   */
  public static void main(String[] args) throws Exception {
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + args[0]);
        Statement statement = connection.createStatement()) {
      statement.execute("BEGIN IMMEDIATE");
      statement.execute("INSERT INTO recipes (name) VALUES ('held')");
      System.out.println("locked");
      System.out.flush();
      Thread.sleep(Long.parseLong(args[1]));
      statement.execute("ROLLBACK");
    }
  }
}
