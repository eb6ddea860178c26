package dev.jsignals.example;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.jdbi.v3.core.Handle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** The commands about recipes and favourites. */
final class RecipeCommands {
  private RecipeCommands() {}

  static List<Long> recipeIds(Handle handle, List<String> names) {
    RecipeDao recipes = handle.attach(RecipeDao.class);
    List<Long> ids = new ArrayList<>();
    for (String given : names) {
      String name = Validation.recipe(given); // stored names are normalised: so is the lookup
      ids.add(
          recipes
              .find(name)
              .orElseThrow(() -> new Refusal("unknown recipe '" + Validation.echo(name) + "'"))
              .id());
    }
    return ids;
  }

  /** A change of a user's favourites, given the DAO, the user and the recipe ids. */
  @FunctionalInterface
  interface FavoritesChange {
    int apply(UserDao users, User user, List<Long> recipeIds);
  }

  /**
   * {@code favorite} and {@code unfavorite}: {@code USERNAME RECIPE...}, the change in one
   * transaction, and one line that says how many recipes it changed.
   */
  abstract static class FavoritesCommand extends UserCommands.UserCommand {
    @Parameters(index = "1..*", arity = "1..*", paramLabel = "RECIPE")
    List<String> recipes;

    private final FavoritesChange change;
    private final String done;

    /** {@code done} follows the username, with {@code %d} for the count. */
    FavoritesCommand(FavoritesChange change, String done) {
      this.change = change;
      this.done = done;
    }

    @Override
    public Integer call() {
      int changed =
          app.existing()
              .jdbi
              .inTransaction(
                  handle ->
                      change.apply(
                          handle.attach(UserDao.class),
                          UserCommands.require(handle, username),
                          recipeIds(handle, recipes)));
      app.spec.commandLine().getOut().println(Validation.echo(username) + done.formatted(changed));
      return 0;
    }
  }

  /** {@code recipe-add NAME}. */
  @Command(name = "recipe-add", description = "Add a recipe.")
  static final class Add implements Callable<Integer> {
    @ParentCommand FoodApp app;

    @Parameters(paramLabel = "NAME")
    String name;

    @Override
    public Integer call() {
      String recipe = Validation.recipe(name);
      Refusal exists = new Refusal("recipe '" + Validation.echo(recipe) + "' exists");
      try {
        app.store()
            .jdbi
            .useTransaction(
                handle -> {
                  RecipeDao recipes = handle.attach(RecipeDao.class);
                  if (recipes.find(recipe).isPresent()) {
                    throw exists;
                  }
                  recipes.insert(recipe);
                });
      } catch (RuntimeException e) {
        throw Faults.isUniqueViolation(e) ? exists : e;
      }
      app.spec.commandLine().getOut().println("Added recipe " + Validation.echo(recipe));
      return 0;
    }
  }

  /** {@code recipes}. */
  @Command(name = "recipes", description = "List the recipes with their favourite counts.")
  static final class Recipes implements Callable<Integer> {
    @ParentCommand FoodApp app;

    @Override
    public Integer call() {
      PrintWriter out = app.spec.commandLine().getOut();
      List<Recipe> recipes = app.reader().jdbi.withExtension(RecipeDao.class, RecipeDao::all);
      out.printf("%-30s %s%n", "RECIPE", "FAVOURITES"); // once the rows are read: no bare header
      for (Recipe recipe : recipes) {
        out.printf("%-30s %d%n", Validation.printable(recipe.name()), recipe.favoritesCount());
      }
      return 0;
    }
  }

  /** {@code favorite USERNAME RECIPE...}. */
  @Command(name = "favorite", description = "Favour recipes (m2m_changed keeps the counts).")
  static final class Favorite extends FavoritesCommand {
    Favorite() {
      super(UserDao::addFavorites, " favours %d more recipe(s)");
    }
  }

  /** {@code unfavorite USERNAME RECIPE...}. */
  @Command(name = "unfavorite", description = "Stop favouring recipes.")
  static final class Unfavorite extends FavoritesCommand {
    Unfavorite() {
      super(UserDao::removeFavorites, " dropped %d recipe(s)");
    }
  }

  /** {@code clear-favorites USERNAME}. */
  @Command(name = "clear-favorites", description = "Remove all of a user's favourites.")
  static final class ClearFavorites extends UserCommands.UserCommand {

    @Override
    public Integer call() {
      int removed =
          app.existing()
              .jdbi
              .inTransaction(
                  handle ->
                      handle
                          .attach(UserDao.class)
                          .clearFavorites(UserCommands.require(handle, username)));
      app.spec
          .commandLine()
          .getOut()
          .println(Validation.echo(username) + " dropped " + removed + " recipe(s)");
      return 0;
    }
  }
}
