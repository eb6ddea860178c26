package dev.jsignals.example;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jsignals.example.FoodDatabase.Result;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
  private FoodDatabase db;

  @BeforeEach
  void createDatabase() {
    db = FoodDatabase.create(database, dir);
  }

  private Result run(String... args) {
    return db.run(args);
  }

  private List<String> rows(String sql) {
    return db.jdbi().withHandle(h -> h.createQuery(sql).mapTo(String.class).list());
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
