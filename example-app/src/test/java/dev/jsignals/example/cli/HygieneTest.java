package dev.jsignals.example.cli;

import static dev.jsignals.example.cli.Cli.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jsignals.example.cli.Cli.Result;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whatever the input, the terminal shows one short, inert line; bad names are refused. */
class HygieneTest {
  private static final String ESC = "\u001b";

  @TempDir Path dir;

  private Result on(String... args) {
    String[] all = new String[args.length + 2];
    all[0] = "--db";
    all[1] = dir.resolve("food.db").toString();
    System.arraycopy(args, 0, all, 2, args.length);
    return run(all);
  }

  @Test
  void echoedInputCarriesNoEscapeNorNewlineAndIsShortened() {
    on("recipe-add", "soup");
    String hostile = ESC + "[2J" + ESC + "]0;owned\u0007\nforged line\u202E" + "x".repeat(120_000);
    List<String[]> commands =
        List.of(
            new String[] {"show", hostile},
            new String[] {"delete", hostile},
            new String[] {"favorite", hostile, "soup"},
            new String[] {"register", "ada", hostile},
            new String[] {"register", hostile, "ada@example.com"});
    on("register", "ada", "ada@example.com");
    for (String[] command : commands) {
      Result result = on(command);
      assertThat(result.code()).as(command[0]).isEqualTo(1);
      assertThat(result.errLines()).as(command[0]).hasSize(1);
      assertThat(result.err())
          .as(command[0])
          .doesNotContain(ESC)
          .doesNotContain("\u0007")
          .doesNotContain("\u202E")
          .hasSizeLessThan(300);
    }
    Result recipe = on("favorite", "ada", hostile);
    assertThat(recipe.errLines())
        .singleElement()
        .asString()
        .startsWith("error: invalid recipe name");
    assertThat(recipe.err()).doesNotContain(ESC).hasSizeLessThan(300);
  }

  @Test
  void recipeNamesWithControlOrInvisibleCharactersAreRefused() {
    for (String name :
        List.of(
            "",
            "   ",
            "so" + ESC + "[31mup",
            "soup\ncake",
            "pu\u202Eos",
            "so\u200Bup",
            "x".repeat(201))) {
      Result result = on("recipe-add", name);
      assertThat(result.code()).as(name).isEqualTo(1);
      assertThat(result.errLines())
          .as(name)
          .singleElement()
          .asString()
          .startsWith("error: invalid recipe name");
    }
    assertThat(on("recipe-add", "Crème brûlée").out()).isEqualTo("Added recipe Crème brûlée\n");
    assertThat(on("recipes").out().lines()).hasSize(2);
  }

  @Test
  void emailsWithInvisibleOrBidiCharactersAreRefused() {
    for (String email :
        List.of(
            "ad\u202Ea@example.com",
            "ada\u200B@example.com",
            "ada@exam\uFEFFple.com",
            "ada@example.c\u2066om",
            "ada@exa\u00A0mple.com")) {
      Result result = on("register", "ada", email);
      assertThat(result.code()).as(email).isEqualTo(1);
      assertThat(result.errLines())
          .as(email)
          .singleElement()
          .asString()
          .startsWith("error: invalid e-mail address");
    }
  }

  @Test
  void recipeNamesAreNormalisedAsUsernamesAreSoLookAlikesAreOneRecipe() {
    assertThat(on("recipe-add", "Cafe\u0301 cre\u0300me").out())
        .isEqualTo("Added recipe Café crème\n");
    Result fullwidth = on("recipe-add", "\uFF23af\u00E9 cr\u00E8me"); // fullwidth C, composed
    assertThat(fullwidth.code()).isEqualTo(1);
    assertThat(fullwidth.errLines()).containsExactly("error: recipe 'Café crème' exists");
    assertThat(on("register", "ada", "ada@example.com").code()).isZero();

    Result favourite = on("favorite", "ada", "\uFF23afe\u0301 cr\u00E8me ");
    assertThat(favourite.out()).isEqualTo("ada favours 1 more recipe(s)\n");
    assertThat(on("recipes").out().lines())
        .containsExactly(
            String.format("%-30s %s", "RECIPE", "FAVOURITES"),
            String.format("%-30s %d", "Café crème", 1));
  }

  @Test
  void recipeLookupsWithBidiOrInvisibleCharactersMatchNoRecipe() {
    on("recipe-add", "soup");
    on("register", "ada", "ada@example.com");
    for (String name : List.of("so\u200Bup", "\u202Esoup", "soup\u2066")) {
      Result result = on("favorite", "ada", name);
      assertThat(result.code()).as(name).isEqualTo(1);
      assertThat(result.errLines())
          .as(name)
          .singleElement()
          .asString()
          .startsWith("error: invalid recipe name");
    }
  }
}
