package dev.jsignals.example;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.BindList;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Recipes. */
@RegisterConstructorMapper(Recipe.class)
public interface RecipeDao {
  /**
   * Inserts a recipe.
   *
   * @param name the unique name
   * @return the new id
   */
  @SqlUpdate("INSERT INTO recipes (name) VALUES (:name)")
  @GetGeneratedKeys("id")
  long insert(String name);

  /**
   * Finds a recipe.
   *
   * @param name the name
   * @return the recipe, if any
   */
  @SqlQuery("SELECT id, name, favorites_count AS favoritesCount FROM recipes WHERE name = :name")
  Optional<Recipe> find(String name);

  /**
   * Lists the recipes.
   *
   * @return the recipes by name
   */
  @SqlQuery("SELECT id, name, favorites_count AS favoritesCount FROM recipes ORDER BY name")
  List<Recipe> all();

  /**
   * Sets the favourites count of some recipes from the join table.
   *
   * @param ids the recipes
   */
  @SqlUpdate(
      "UPDATE recipes SET favorites_count = (SELECT count(*) FROM favorites f WHERE f.recipe_id"
          + " = recipes.id) WHERE id IN (<ids>)")
  void recount(@BindList("ids") Collection<Long> ids);

  /** Sets the favourites count of every recipe from the join table. */
  @SqlUpdate(
      "UPDATE recipes SET favorites_count = (SELECT count(*) FROM favorites f WHERE f.recipe_id"
          + " = recipes.id)")
  void recountAll();

  /**
   * Lists the recipes a user favours.
   *
   * @param userId the user
   * @return their ids
   */
  @SqlQuery("SELECT recipe_id FROM favorites WHERE user_id = :userId")
  List<Long> favoredBy(long userId);
}
