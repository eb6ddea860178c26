package dev.jsignals.jdbi.internal;

import dev.jsignals.jdbi.Deletes;
import dev.jsignals.jdbi.Inserts;
import dev.jsignals.jdbi.Saves;
import dev.jsignals.jdbi.UpdateFields;
import dev.jsignals.jdbi.Updates;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.jspecify.annotations.Nullable;

/**
 * One annotated DAO method as read and checked when the DAO is attached: everything a write needs,
 * so that no reflection happens per call. Immutable.
 */
record ModelWrite(
    Kind kind,
    String name,
    Class<?> model,
    @Nullable ModelKey key,
    int instanceIndex,
    int fieldsIndex,
    @Nullable Set<String> fields,
    boolean generatedKeys,
    @Nullable Method insert,
    @Nullable DeletePlan deletes,
    Class<?> returns,
    boolean robust,
    boolean raw) {

  /** What the method does. */
  enum Kind {
    INSERT,
    UPDATE,
    SAVE,
    DELETE
  }

  private static final Set<Class<?>> COUNTS =
      Set.of(void.class, int.class, long.class, boolean.class, Integer.class, Long.class);

  static ModelWrite of(Class<?> type, Method method) {
    Inserts inserts = method.getAnnotation(Inserts.class);
    Updates updates = method.getAnnotation(Updates.class);
    Saves saves = method.getAnnotation(Saves.class);
    Deletes deletes = method.getAnnotation(Deletes.class);
    long count = Stream.of(inserts, updates, saves, deletes).filter(a -> a != null).count();
    if (count != 1) {
      throw refuse(
          method, "carries " + count + " of @Inserts, @Updates, @Saves, @Deletes; keep one");
    }
    Kind kind =
        inserts != null
            ? Kind.INSERT
            : updates != null ? Kind.UPDATE : saves != null ? Kind.SAVE : Kind.DELETE;
    Class<?> model =
        inserts != null
            ? inserts.value()
            : updates != null ? updates.value() : saves != null ? saves.value() : deletes.value();
    requireSqlUpdate(method, kind, model);
    int instanceIndex = instanceIndex(method, model, kind);
    Class<?> returns = method.getReturnType();
    boolean generatedKeys = method.isAnnotationPresent(GetGeneratedKeys.class);
    Method insert = null;
    if (saves != null) {
      if (returns != boolean.class) {
        throw refuse(
            method,
            "is @Saves and must return boolean: the UPDATE's row count decides whether to insert,"
                + " and the method answers true when it inserted");
      }
      insert = insertMethod(type, method, saves);
      generatedKeys = insert.isAnnotationPresent(GetGeneratedKeys.class);
    } else if (!COUNTS.contains(returns) && !generatedKeys) {
      throw refuse(
          method,
          "returns "
              + returns.getSimpleName()
              + "; an annotated write returns void, int, long or boolean (a row count), or the"
              + " generated key with @GetGeneratedKeys");
    }
    ModelKey key = null;
    if (kind == Kind.INSERT || kind == Kind.SAVE) {
      key = keyOf(method, model);
      requireKeySource(kind == Kind.SAVE ? insert : method, model, key, generatedKeys);
    }
    DeletePlan plan = deletes == null ? null : DeletePlan.of(method, model, deletes.dependents());
    Set<String> fields =
        updates == null || updates.fields().length == 0 ? null : Set.of(updates.fields());
    boolean robust =
        inserts != null
            ? inserts.robust()
            : updates != null
                ? updates.robust()
                : saves != null ? saves.robust() : deletes.robust();
    boolean raw =
        inserts != null
            ? inserts.raw()
            : updates != null ? updates.raw() : saves != null && saves.raw();
    return new ModelWrite(
        kind,
        type.getSimpleName() + "." + method.getName(),
        model,
        key,
        instanceIndex,
        fieldsIndex(method, kind),
        fields,
        generatedKeys,
        insert,
        plan,
        returns,
        robust,
        raw);
  }

  private static void requireSqlUpdate(Method method, Kind kind, Class<?> model) {
    if (!method.isAnnotationPresent(SqlUpdate.class)) {
      String example =
          switch (kind) {
            case INSERT -> "@SqlUpdate(\"INSERT INTO ... VALUES (...)\")";
            case DELETE -> "@SqlUpdate(\"DELETE FROM ... WHERE id = :id\")";
            default -> "@SqlUpdate(\"UPDATE ... SET ... WHERE id = :id\")";
          };
      throw refuse(
          method,
          "is @"
              + annotationName(kind)
              + "("
              + model.getSimpleName()
              + ".class) but has no @SqlUpdate: the annotation marks a statement, it writes none"
              + " itself; add "
              + example);
    }
  }

  private static Method insertMethod(Class<?> type, Method method, Saves saves) {
    Method insert;
    try {
      insert = type.getMethod(saves.insert(), method.getParameterTypes());
    } catch (NoSuchMethodException e) {
      throw refuse(
          method,
          "is @Saves(insert = \""
              + saves.insert()
              + "\") but "
              + type.getSimpleName()
              + " has no method "
              + saves.insert()
              + " with the same parameters");
    }
    if (!insert.isAnnotationPresent(SqlUpdate.class)) {
      throw refuse(
          method,
          "is @Saves(insert = \""
              + saves.insert()
              + "\") but "
              + saves.insert()
              + " has no @SqlUpdate: add @SqlUpdate(\"INSERT INTO ... VALUES (...)\") to it");
    }
    for (Class<? extends Annotation> marker :
        List.of(Inserts.class, Updates.class, Saves.class, Deletes.class)) {
      if (insert.isAnnotationPresent(marker)) {
        throw refuse(
            method,
            "is @Saves(insert = \""
                + saves.insert()
                + "\"), but that method is @"
                + marker.getSimpleName()
                + " and would send pre_save and post_save a second time: remove @"
                + marker.getSimpleName()
                + " from "
                + saves.insert());
      }
    }
    return insert;
  }

  /** Refuses an insert whose key the database generates but never reaches the instance. */
  private static void requireKeySource(
      Method insert, Class<?> model, ModelKey key, boolean generatedKeys) {
    if (generatedKeys) {
      return;
    }
    String sql = insert.getAnnotation(SqlUpdate.class).value();
    Pattern bound = Pattern.compile(":([A-Za-z_][A-Za-z0-9_]*\\.)?" + key.name() + "\\b");
    if (sql.isBlank() || sql.contains("?") || bound.matcher(sql).find()) {
      return; // a statement from a locator, positional, or a client-assigned key
    }
    throw refuse(
        insert,
        "inserts a "
            + model.getSimpleName()
            + " without setting its key "
            + key.name()
            + ", so the database generates it, but has no @GetGeneratedKeys: add"
            + " @GetGeneratedKeys(\""
            + key.name()
            + "\") so that the instance and the post_save receivers get the key (or bind :"
            + key.name()
            + " when the client assigns it)");
  }

  private static ModelKey keyOf(Method method, Class<?> model) {
    try {
      return ModelKey.of(model);
    } catch (IllegalArgumentException e) {
      throw refuse(method, "writes " + model.getSimpleName() + ", but " + e.getMessage());
    }
  }

  private static String annotationName(Kind kind) {
    return switch (kind) {
      case INSERT -> "Inserts";
      case UPDATE -> "Updates";
      case SAVE -> "Saves";
      case DELETE -> "Deletes";
    };
  }

  private static int instanceIndex(Method method, Class<?> model, Kind kind) {
    Class<?>[] types = method.getParameterTypes();
    for (int i = 0; i < types.length; i++) {
      if (types[i].isAssignableFrom(model) && types[i] != Object.class) {
        return i;
      }
    }
    throw refuse(
        method,
        "needs a parameter of type "
            + model.getSimpleName()
            + " (the instance being "
            + (kind == Kind.DELETE ? "deleted" : "saved")
            + "), but its parameters are ("
            + Arrays.stream(types).map(Class::getSimpleName).collect(Collectors.joining(", "))
            + ")");
  }

  private static int fieldsIndex(Method method, Kind kind) {
    for (int i = 0; i < method.getParameterCount(); i++) {
      if (method.getParameters()[i].isAnnotationPresent(UpdateFields.class)) {
        if (!Set.class.isAssignableFrom(method.getParameterTypes()[i])) {
          throw refuse(method, "has an @UpdateFields parameter that is not a Set<String>");
        }
        if (kind != Kind.UPDATE && kind != Kind.SAVE) {
          throw refuse(method, "has an @UpdateFields parameter, but only saves name fields");
        }
        return i;
      }
    }
    return -1;
  }

  static IllegalArgumentException refuse(Method method, String problem) {
    return new IllegalArgumentException(
        "DAO method "
            + method.getDeclaringClass().getName()
            + "."
            + method.getName()
            + " "
            + problem
            + ".");
  }
}
