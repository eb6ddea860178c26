package dev.jsignals.core;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Argument checks shared by the model event records. Sets are copied in their iteration order, so
 * that events print the same way on every run.
 */
final class Events {
  private Events() {}

  static void require(Object value, String name, String event) {
    Objects.requireNonNull(value, () -> event + "." + name + " must not be null");
  }

  static <T> @Nullable Set<T> copy(@Nullable Set<T> values, String name, String event) {
    if (values == null) {
      return null;
    }
    for (T value : values) {
      if (value == null) {
        throw new NullPointerException(event + "." + name + " must not contain null");
      }
    }
    return Collections.unmodifiableSet(new LinkedHashSet<>(values));
  }
}
