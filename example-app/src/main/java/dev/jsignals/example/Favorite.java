package dev.jsignals.example;

/**
 * The through type of the users-to-recipes favourites relation: the sender of its {@code
 * m2m_changed}.
 *
 * @param userId the user
 * @param recipeId the recipe
 */
public record Favorite(long userId, long recipeId) {}
