package dev.jsignals.jdbi;

import java.util.Map;

/**
 * What a {@link BulkDeletes} method deleted: the rows per model, Django's {@code (total, {model:
 * count})}. Immutable.
 *
 * @param counts the rows deleted per model class, unmodifiable, in the order they were deleted
 */
public record DeletedRows(Map<Class<?>, Integer> counts) {

  /**
   * Copies the counts.
   *
   * @param counts see {@link #counts()}
   */
  public DeletedRows {
    counts = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(counts));
  }

  /**
   * The rows deleted in all.
   *
   * @return the sum of the counts
   */
  public int total() {
    return counts.values().stream().mapToInt(Integer::intValue).sum();
  }

  /**
   * The rows of one model deleted.
   *
   * @param model the model class
   * @return the count, 0 for a model not deleted
   */
  public int count(Class<?> model) {
    return counts.getOrDefault(model, 0);
  }
}
