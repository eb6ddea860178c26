package dev.jsignals.example;

/**
 * A recipe.
 *
 * @param id the id
 * @param name the unique name
 * @param favoritesCount how many users favour it, kept by {@code m2m_changed}
 */
public record Recipe(long id, String name, int favoritesCount) {}
