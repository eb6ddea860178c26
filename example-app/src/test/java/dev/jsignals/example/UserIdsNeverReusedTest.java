package dev.jsignals.example;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jsignals.testsupport.ChildJvm;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A user's id is the key of its outbox rows and Kafka messages, so it is never given to another
 * user: not after the newest user was deleted (each step a program run of its own, in a child JVM),
 * not after a fixture was loaded, and an existing SQLite database keeps its rows when its tables
 * are rebuilt for it; on SQLite and PostgreSQL.
 */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {"SQLite", "PostgreSQL"})
class UserIdsNeverReusedTest {
  @Parameter String database;
  @TempDir Path dir;
  private FoodDatabase db;

  @BeforeEach
  void createDatabase() {
    db = FoodDatabase.create(database, dir);
  }

  /** Runs the program in this JVM; returns what it printed, and asserts it succeeded. */
  private String run(String... args) {
    StringWriter out = new StringWriter();
    int code = FoodApp.run(db.args(args), new PrintWriter(out), new PrintWriter(out));
    assertThat(code).as("foodapp %s: %s", String.join(" ", args), out).isZero();
    return out.toString();
  }

  /** Runs the program in a child JVM; returns what it printed, and asserts it succeeded. */
  private String cli(String... args) throws Exception {
    List<String> command = ChildJvm.command(FoodApp.class);
    command.addAll(db.location());
    command.addAll(List.of(args));
    Path out = Files.createTempFile(dir, "cli", ".out");
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    assertThat(process.waitFor(240, TimeUnit.SECONDS)).as("foodapp %s ended", args[0]).isTrue();
    String printed = Files.readString(out);
    assertThat(process.exitValue()).as("foodapp %s: %s", String.join(" ", args), printed).isZero();
    return printed;
  }

  private long id(String username) {
    return db.jdbi()
        .withHandle(
            h ->
                h.createQuery("SELECT id FROM users WHERE username = :name")
                    .bind("name", username)
                    .mapTo(Long.class)
                    .one());
  }

  @Test
  void theNextUserDoesNotGetTheIdOfTheDeletedNewestUser() throws Exception {
    cli("register", "ada", "ada@example.com");
    cli("register", "bob", "bob@example.com");
    long bob = id("bob");

    assertThat(cli("delete", "bob")).contains("Deleted bob");
    cli("register", "cy", "cy@example.com");

    assertThat(id("cy")).isGreaterThan(bob);
  }

  @Test
  void loadingAFixtureNeverMovesTheIdsBack() throws Exception {
    Path fixture = dir.resolve("fixture.csv");
    Files.writeString(fixture, "id,username,email,profile_id,profile_image\n2,ada,ada@x.org,,\n");
    run("load-fixture", fixture.toString());
    run("register", "bob", "bob@example.com");
    run("register", "cy", "cy@example.com");
    long cy = id("cy");
    run("delete", "cy");

    Files.writeString(fixture, "id,username,email,profile_id,profile_image\n2,ada,ada@y.org,,\n");
    run("load-fixture", fixture.toString());
    run("register", "dee", "dee@example.com");

    assertThat(id("dee")).isGreaterThan(cy);
  }
}
