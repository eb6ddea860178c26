package dev.jsignals.dispatch;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Warns about a connect that is probably a duplicate: a lambda or method reference of the same
 * class, capturing equal values, as a second evaluation of {@code this::onSave} makes. Identity
 * dedupe cannot catch it, so the warning points the user to a dispatch uid.
 */
final class Duplicates {
  private static final Logger log = LoggerFactory.getLogger(Signal.class);

  private Duplicates() {}

  static void warnIfProbable(Entry[] entries, Entry candidate) {
    Object target = candidate.target();
    if (target == null || candidate.uid != null || !CallSite.isLambda(target.getClass())) {
      return;
    }
    for (Entry entry : entries) {
      Object other = entry.target();
      if (entry.uid == null
          && entry.sender == candidate.sender
          && other != null
          && other.getClass() == target.getClass()
          && entry.owner() == candidate.owner()
          && sameCaptures(other, target)) {
        log.warn(
            "{} looks like a second connection of {}: the same lambda capturing the same values."
                + " Each evaluation of a lambda or method reference is a new object, so both will"
                + " be called. Connect once, keep the Connection handle, or give a dispatchUid.",
            candidate.info,
            entry.info.receiver());
        return;
      }
    }
  }

  private static boolean sameCaptures(Object a, Object b) {
    for (Field field : a.getClass().getDeclaredFields()) {
      if (Modifier.isStatic(field.getModifiers())) {
        continue;
      }
      try {
        if (!field.trySetAccessible() || !Objects.equals(field.get(a), field.get(b))) {
          return false;
        }
      } catch (IllegalAccessException | RuntimeException e) {
        return false;
      }
    }
    return true;
  }
}
