package dev.jsignals.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jsignals.testsupport.ChildJvm;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
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
  private String url;
  private List<String> location;

  @BeforeEach
  void createDatabase() {
    if (database.equals("SQLite")) {
      url = "jdbc:sqlite:" + dir.resolve("food.db");
      location = List.of("--db", dir.resolve("food.db").toString());
    } else {
      String server = System.getenv("JSIGNALS_POSTGRES_URL");
      assumeTrue(server != null, "set JSIGNALS_POSTGRES_URL to run the PostgreSQL half");
      String schema = "t_" + UUID.randomUUID().toString().replace("-", "");
      Jdbi.create(server).useHandle(h -> h.execute("CREATE SCHEMA " + schema));
      url = server + "&currentSchema=" + schema;
      location = List.of("--db-url", url);
    }
  }

  /** Runs the program in this JVM; returns what it printed, and asserts it succeeded. */
  private String run(String... args) {
    StringWriter out = new StringWriter();
    List<String> all = new ArrayList<>(location);
    all.addAll(List.of(args));
    int code = FoodApp.run(all.toArray(String[]::new), new PrintWriter(out), new PrintWriter(out));
    assertThat(code).as("foodapp %s: %s", String.join(" ", args), out).isZero();
    return out.toString();
  }

  /** Runs the program in a child JVM; returns what it printed, and asserts it succeeded. */
  private String cli(String... args) throws Exception {
    List<String> command = ChildJvm.command(FoodApp.class);
    command.addAll(location);
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
    return Jdbi.create(url)
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
