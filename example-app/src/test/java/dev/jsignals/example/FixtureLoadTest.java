package dev.jsignals.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code load-fixture}, Django's {@code loaddata}: users with their own profiles are saved raw, so
 * the profile receiver creates no second profile; on SQLite and PostgreSQL.
 */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {"SQLite", "PostgreSQL"})
class FixtureLoadTest {
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

  private record Result(int code, String out, String err) {}

  private Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    List<String> all = new ArrayList<>(location);
    all.addAll(List.of(args));
    int code = FoodApp.run(all.toArray(String[]::new), new PrintWriter(out), new PrintWriter(err));
    return new Result(code, out.toString(), err.toString());
  }

  private List<String> rows(String sql) {
    return Jdbi.create(url).withHandle(h -> h.createQuery(sql).mapTo(String.class).list());
  }

  private Path fixture(String... lines) throws IOException {
    Path file = dir.resolve("fixture.csv");
    List<String> all = new ArrayList<>(List.of(FixtureCommands.HEADER));
    all.addAll(List.of(lines));
    Files.write(file, all, StandardCharsets.UTF_8);
    return file;
  }

  @Test
  void loadedUsersKeepTheirOwnProfilesAndGetNoSecondOne() throws IOException {
    Path file = fixture("7,ada,ada@example.com,70,images/ada.png", "9,bob,bob@example.com,,");

    Result result = run("load-fixture", file.toString());
    Result register = run("register", "carol", "carol@example.com");

    assertThat(result.code()).as(result.err()).isZero();
    assertThat(register.code()).as(register.err()).isZero();
    assertThat(result.out()).contains("Loaded 2 user(s) and 1 profile(s)");
    assertThat(rows("SELECT id || ' ' || username FROM users WHERE id < 10 ORDER BY id"))
        .containsExactly("7 ada", "9 bob");
    assertThat(rows("SELECT user_id || ' ' || image FROM profiles ORDER BY id"))
        .containsExactly("7 images/ada.png", "10 profile_images/default.jpg");
  }

  @Test
  void loadingTwiceUpdatesTheRowsAndRegistrationAfterwardsGetsAFreshKey() throws IOException {
    run("load-fixture", fixture("7,ada,ada@example.com,70,images/ada.png").toString());
    Path again = fixture("7,ada,new@example.com,70,images/ada2.png");

    Result reload = run("load-fixture", again.toString());
    Result register = run("register", "carol", "carol@example.com");

    assertThat(reload.code()).as(reload.err()).isZero();
    assertThat(register.code()).as(register.err()).isZero();
    assertThat(rows("SELECT username || ' ' || email FROM users ORDER BY id"))
        .containsExactly("ada new@example.com", "carol carol@example.com");
    assertThat(rows("SELECT image FROM profiles ORDER BY id"))
        .containsExactly("images/ada2.png", "profile_images/default.jpg");
  }

  @Test
  void badRowIsRefusedNamingTheLineAndNothingIsLoaded() throws IOException {
    run("load-fixture", fixture("7,ada,ada@example.com,70,images/ada.png").toString());
    Path file = fixture("7,ada,new@example.com,70,images/ada.png", "x,bob,bob@example.com,,");

    Result result = run("load-fixture", file.toString());

    assertThat(result.code()).isEqualTo(1);
    assertThat(result.err()).contains("line 3: id 'x' is not a positive whole number");
    assertThat(rows("SELECT username || ' ' || email FROM users"))
        .containsExactly("ada ada@example.com");
  }

  @Test
  void rowTheDatabaseRefusesRollsBackTheWholeLoad() throws IOException {
    run("load-fixture", fixture("7,ada,ada@example.com,70,images/ada.png").toString());
    Path file = fixture("8,bob,bob@example.com,80,images/bob.png", "9,ada,ada2@example.com,,");

    Result result = run("load-fixture", file.toString());

    assertThat(result.code()).isNotZero();
    assertThat(rows("SELECT username FROM users")).containsExactly("ada");
    assertThat(rows("SELECT image FROM profiles")).containsExactly("images/ada.png");
  }
}
