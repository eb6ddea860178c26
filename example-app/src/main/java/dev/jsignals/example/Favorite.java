package dev.jsignals.example;

import dev.jsignals.jdbi.ManyToMany;

/**
 * The through type of the users-to-recipes favourites relation: the sender of its {@code
 * m2m_changed}, and where the relation is declared.
 *
 * @param userId the user
 * @param recipeId the recipe
 */
@ManyToMany(
    table = "favorites",
    model = User.class,
    column = "user_id",
    related = Recipe.class,
    relatedColumn = "recipe_id")
public record Favorite(long userId, long recipeId) {}
