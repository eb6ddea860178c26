package dev.jsignals.example.operator;

import static dev.jsignals.example.operator.Foodapp.inJvm;
import static dev.jsignals.example.operator.Foodapp.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jsignals.example.FoodDatabase;
import dev.jsignals.example.operator.Foodapp.Run;
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
 * {@code load-fixture} checks the whole fixture before it writes: duplicate ids, a username or a
 * profile of another user are refused naming the line, nothing is loaded, and {@code check} stays
 * consistent; a good fixture loads with its exact counts.
 */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {"SQLite", "PostgreSQL"})
class FixtureValidationTest {
  private static final String HEADER = "id,username,email,profile_id,profile_image";

  @Parameter String database;
  @TempDir Path dir;
  private FoodDatabase db;

  @BeforeEach
  void loadAda() throws IOException {
    db = FoodDatabase.create(database, dir);
    Path file =
        Files.write(
            dir.resolve("ada.csv"),
            List.of(HEADER, "7,ada,ada@example.com,70,images/ada.png"),
            StandardCharsets.UTF_8);
    Run ada = inJvm(db.args("load-fixture", file.toString()));
    assertThat(ada.code()).as(ada.err()).isZero();
    assertThat(ada.out()).isEqualTo("Loaded 1 user(s) and 1 profile(s)\n");
  }

  private Run load(String name, String... rows) throws IOException {
    List<String> lines = new ArrayList<>(List.of(HEADER));
    lines.addAll(List.of(rows));
    Path file = Files.write(dir.resolve(name), lines, StandardCharsets.UTF_8);
    return run(dir, db.args("load-fixture", file.toString()));
  }

  private List<String> rows(String sql) {
    return db.jdbi().withHandle(h -> h.createQuery(sql).mapTo(String.class).list());
  }

  private void assertOnlyAdaIsThere() {
    assertThat(rows("SELECT id || ' ' || username || ' ' || email FROM users"))
        .containsExactly("7 ada ada@example.com");
    assertThat(rows("SELECT id || ' ' || user_id || ' ' || image FROM profiles"))
        .containsExactly("70 7 images/ada.png");
    Run check = inJvm(db.args("check"));
    assertThat(check.code()).as(check.out() + check.err()).isZero();
  }

  @Test
  void duplicateIdsAreRefusedNamingBothLines() throws IOException {
    Run result =
        load(
            "dup.csv",
            "8,bob,bob@example.com,80,images/bob.png",
            "9,carol,carol@example.com,,",
            "8,dave,dave@example.com,,");

    assertThat(result.code()).isEqualTo(1);
    assertThat(result.errLines())
        .singleElement()
        .asString()
        .endsWith("dup.csv line 4: id 8 is on line 2 already; nothing was loaded");
    assertThat(result.out()).isEmpty();
    assertOnlyAdaIsThere();
  }

  @Test
  void rowAttachingToAnotherUsersProfileIsRefused() throws IOException {
    Run result =
        load("steal.csv", "8,bob,bob@example.com,,", "9,carol,carol@example.com,70,images/c.png");

    assertThat(result.code()).isEqualTo(1);
    assertThat(result.errLines())
        .singleElement()
        .asString()
        .endsWith(
            "steal.csv line 3: profile 70 belongs to user 7 in the database, not to user 9;"
                + " nothing was loaded");
    assertOnlyAdaIsThere();
  }

  @Test
  void usernameOfAnotherUserIsRefusedWithoutARawException() throws IOException {
    Run result = load("taken.csv", "8,bob,bob@example.com,80,images/b.png", "9,ADA,a2@b.cd,,");

    assertThat(result.code()).isEqualTo(1);
    assertThat(result.errLines())
        .singleElement()
        .asString()
        .endsWith(
            "taken.csv line 3: username 'ADA' belongs to user 7 in the database, not to user 9;"
                + " nothing was loaded");
    assertOnlyAdaIsThere();
  }

  @Test
  void goodFixtureLoadsEveryRowWithItsExactCount() throws IOException {
    Run result =
        load(
            "good.csv",
            "7,ada,ada@new.example,70,images/ada2.png",
            "8,bob,bob@example.com,80,images/bob.png",
            "9,carol,carol@example.com,,");

    assertThat(result.code()).as(result.err()).isZero();
    assertThat(result.out()).isEqualTo("Loaded 3 user(s) and 2 profile(s)\n");
    assertThat(result.err()).isEmpty();
    assertThat(rows("SELECT id || ' ' || username FROM users ORDER BY id"))
        .containsExactly("7 ada", "8 bob", "9 carol");
  }
}
