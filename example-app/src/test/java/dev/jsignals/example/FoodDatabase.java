package dev.jsignals.example;

import dev.jsignals.testsupport.Databases;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/**
 * An empty Food App database for one test, made by {@link Databases#create}: the SQLite file {@code
 * food.db} in the test's folder, or a PostgreSQL schema of its own; with the options that name it
 * on the command line, as a user types them. Immutable.
 *
 * @param url the database's JDBC URL, for reading what the program wrote
 * @param location {@code --db FILE} or {@code --db-url URL}
 */
public record FoodDatabase(String url, List<String> location) {
  /** What a run of the program printed, and its exit code. */
  public record Result(int code, String out, String err) {
    /** Standard output, a line an element. */
    public List<String> outLines() {
      return out.lines().toList();
    }

    /** Standard error, a line an element. */
    public List<String> errLines() {
      return err.lines().toList();
    }
  }

  /**
   * Creates the database.
   *
   * @param kind {@link Databases#SQLITE} or {@link Databases#POSTGRESQL}
   * @param dir the test's temporary folder
   * @return the new, empty database
   */
  public static FoodDatabase create(String kind, Path dir) {
    String url = Databases.create(kind, dir, "food.db", "t_");
    return new FoodDatabase(
        url,
        kind.equals(Databases.SQLITE)
            ? List.of("--db", dir.resolve("food.db").toString())
            : List.of("--db-url", url));
  }

  /**
   * The command line of {@code foodapp ARGS} on this database.
   *
   * @param args the command and its arguments
   * @return the location's options, then the arguments
   */
  public String[] args(String... args) {
    List<String> all = new ArrayList<>(location);
    all.addAll(List.of(args));
    return all.toArray(String[]::new);
  }

  /**
   * Runs {@code foodapp ARGS} on this database, in this JVM, through the program's entry point.
   *
   * @param args the command and its arguments
   * @return what it printed, and its exit code
   */
  public Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = FoodApp.run(args(args), new PrintWriter(out), new PrintWriter(err));
    return new Result(code, out.toString(), err.toString());
  }

  /**
   * A plain Jdbi on the database (no signals), for reading and changing it behind the program.
   *
   * @return a new Jdbi
   */
  public Jdbi jdbi() {
    return Jdbi.create(url);
  }
}
