package dev.jsignals.example;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A SQLite database made before user ids were kept from reuse (schema 1.2) is rebuilt by the next
 * program run: its users, profiles and favourites stay as they were, and from then on ids are never
 * given twice. (PostgreSQL's key sequences never went back: nothing to rebuild there.)
 */
class SqliteIdsMigrationTest {
  @TempDir Path dir;

  private String run(String... args) {
    StringWriter out = new StringWriter();
    String[] all = new String[args.length + 2];
    all[0] = "--db";
    all[1] = dir.resolve("food.db").toString();
    System.arraycopy(args, 0, all, 2, args.length);
    int code = FoodApp.run(all, new PrintWriter(out), new PrintWriter(out));
    assertThat(code).as("foodapp %s: %s", String.join(" ", args), out).isZero();
    return out.toString();
  }

  private List<String> rows(String sql) {
    return Jdbi.create("jdbc:sqlite:" + dir.resolve("food.db"))
        .withHandle(h -> h.createQuery(sql).mapTo(String.class).list());
  }

  @Test
  void anExistingDatabaseKeepsItsUsersProfilesAndFavouritesWhenItsTablesAreRebuilt()
      throws Exception {
    Flyway.configure()
        .dataSource("jdbc:sqlite:" + dir.resolve("food.db"), null, null)
        .locations("classpath:db/migration/sqlite")
        .target("1.2")
        .load()
        .migrate();
    Jdbi.create("jdbc:sqlite:" + dir.resolve("food.db"))
        .useHandle(
            h -> {
              h.execute("INSERT INTO users (id, username, email) VALUES (1, 'ada', 'a@x.org')");
              h.execute("INSERT INTO users (id, username, email) VALUES (3, 'bob', 'b@x.org')");
              h.execute("INSERT INTO profiles (id, user_id, image) VALUES (5, 1, 'a.png')");
              h.execute("INSERT INTO profiles (id, user_id, image) VALUES (6, 3, 'b.png')");
              h.execute("INSERT INTO recipes (id, name, favorites_count) VALUES (1, 'soup', 2)");
              h.execute("INSERT INTO favorites (user_id, recipe_id) VALUES (1, 1), (3, 1)");
              h.execute("UPDATE profiles SET favorites_count = 1");
            });

    assertThat(run("delete", "bob")).contains("Deleted bob");
    run("register", "cy", "cy@example.com");

    assertThat(rows("SELECT username || ':' || id FROM users ORDER BY id"))
        .as("bob's id 3 is not given again")
        .containsExactly("ada:1", "cy:4");
    assertThat(run("check")).contains("Consistent");
    assertThat(run("show", "ada")).contains("a.png");
    assertThat(rows("SELECT user_id || ':' || recipe_id FROM favorites")).containsExactly("1:1");
    assertThat(rows("SELECT user_id || ':' || image FROM profiles ORDER BY id"))
        .containsExactly("1:a.png", "4:profile_images/default.jpg");
  }
}
