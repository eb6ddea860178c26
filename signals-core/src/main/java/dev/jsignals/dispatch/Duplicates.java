package dev.jsignals.dispatch;

import java.lang.invoke.SerializedLambda;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells connections apart as Django tells receivers apart. A receiver is identified by the object
 * itself, except a serializable lambda or method reference (every {@link Listener} is one), which
 * is identified by the method it calls and the values it captured, compared by identity: {@code
 * handler::onSave} evaluated twice is one receiver, as a Django bound method is. Where that cannot
 * be read (a receiver type that is not serializable, a module that does not open its lambdas), a
 * connect that is probably a second one is warned about, naming both call sites. Read at connect
 * and disconnect time only. Stateless; thread-safe.
 */
final class Duplicates {
  private static final Logger log = LoggerFactory.getLogger(Signal.class);

  private Duplicates() {}

  /** {@return what identifies {@code receiver}: a value whose equals compares by identity} */
  static Object identityOf(Object receiver) {
    SerializedLambda lambda = serialized(receiver);
    if (lambda == null) {
      return new Identity("", new Object[] {receiver});
    }
    Object[] captured = new Object[lambda.getCapturedArgCount()];
    for (int i = 0; i < captured.length; i++) {
      captured[i] = lambda.getCapturedArg(i);
    }
    String method =
        lambda.getImplClass()
            + "."
            + lambda.getImplMethodName()
            + lambda.getImplMethodSignature()
            + "/"
            + lambda.getImplMethodKind()
            + " as "
            + lambda.getFunctionalInterfaceClass();
    return new Identity(method, captured);
  }

  private static @Nullable SerializedLambda serialized(Object receiver) {
    Class<?> type = receiver.getClass();
    if (!Names.isLambda(type) || !(receiver instanceof java.io.Serializable)) {
      return null;
    }
    try {
      Method writeReplace = type.getDeclaredMethod("writeReplace");
      if (!writeReplace.trySetAccessible()) {
        return null;
      }
      return writeReplace.invoke(receiver) instanceof SerializedLambda lambda ? lambda : null;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }

  /** The method a receiver calls and the values it captured, or the receiver object itself. */
  private record Identity(String method, Object[] parts) {
    @Override
    public boolean equals(@Nullable Object other) {
      if (!(other instanceof Identity that)
          || !method.equals(that.method)
          || parts.length != that.parts.length) {
        return false;
      }
      for (int i = 0; i < parts.length; i++) {
        if (parts[i] != that.parts[i]) {
          return false;
        }
      }
      return true;
    }

    @Override
    public int hashCode() {
      int hash = method.hashCode();
      for (Object part : parts) {
        hash = hash * 31 + System.identityHashCode(part);
      }
      return hash;
    }

    @Override
    public String toString() {
      return method + Arrays.toString(parts);
    }
  }

  /** Warns when {@code candidate} is probably a second connection of an entry in place. */
  static void warnIfProbable(Entry[] entries, Entry candidate) {
    Object target = candidate.target();
    if (candidate.uid != null || !Names.isLambda(target.getClass())) {
      return;
    }
    for (Entry entry : entries) {
      Object other = entry.target();
      if (entry.uid == null
          && entry.anySender == candidate.anySender
          && entry.sender() == candidate.sender()
          && other.getClass() == target.getClass()
          && entry.owner() == candidate.owner()
          && sameCaptures(other, target)) {
        log.warn(
            "{} connected at {} looks like a second connection of {} connected at {}: the same"
                + " lambda capturing equal values. It could not be identified as the same receiver"
                + " (it is not a serializable lambda, or its module does not open it), so both will"
                + " be called. Connect once, keep the Connection handle, or give a dispatchUid.",
            candidate,
            candidate.declaredAt(),
            entry.receiver(),
            entry.declaredAt());
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
