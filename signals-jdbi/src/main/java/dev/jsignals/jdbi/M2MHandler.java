package dev.jsignals.jdbi;

import dev.jsignals.core.M2MChanged;
import dev.jsignals.core.M2MChanged.Action;
import dev.jsignals.core.Signals;
import dev.jsignals.core.WriteContext;
import java.lang.reflect.Method;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.config.ConfigRegistry;
import org.jdbi.v3.core.extension.AttachedExtensionHandler;
import org.jdbi.v3.core.extension.ExtensionHandler;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jspecify.annotations.Nullable;

/**
 * Runs a method marked {@link M2MAdd}, {@link M2MRemove} or {@link M2MClear}: writes the join table
 * and sends {@code m2m_changed} before and after, in one transaction. Jdbi instantiates it.
 */
public final class M2MHandler implements ExtensionHandler {
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private final String name;
  private final Action pre;
  private final Action post;
  private final Class<?> through;
  private final Class<?> model;
  private final boolean reverse;
  private final String table;
  private final String column;
  private final String related;
  private final int instanceIndex;
  private final int idsIndex;
  private final Class<?> returns;

  /**
   * Checks the method; Jdbi calls it when the DAO is attached.
   *
   * @param type the DAO interface
   * @param method the annotated method
   * @throws IllegalArgumentException naming the method if it does not fit
   */
  public M2MHandler(Class<?> type, Method method) {
    this.name = type.getSimpleName() + "." + method.getName();
    M2MAdd add = method.getAnnotation(M2MAdd.class);
    M2MRemove remove = method.getAnnotation(M2MRemove.class);
    M2MClear clear = method.getAnnotation(M2MClear.class);
    Relation relation;
    if (add != null) {
      pre = Action.PRE_ADD;
      post = Action.POST_ADD;
      relation =
          new Relation(
              add.through(),
              add.model(),
              add.reverse(),
              add.table(),
              add.column(),
              add.relatedColumn());
    } else if (remove != null) {
      pre = Action.PRE_REMOVE;
      post = Action.POST_REMOVE;
      relation =
          new Relation(
              remove.through(),
              remove.model(),
              remove.reverse(),
              remove.table(),
              remove.column(),
              remove.relatedColumn());
    } else {
      pre = Action.PRE_CLEAR;
      post = Action.POST_CLEAR;
      relation =
          new Relation(
              clear.through(),
              clear.model(),
              clear.reverse(),
              clear.table(),
              clear.column(),
              clear.relatedColumn());
    }
    through = relation.through();
    model = relation.model();
    reverse = relation.reverse();
    table = identifier(method, relation.table());
    column = identifier(method, relation.column());
    related = identifier(method, relation.relatedColumn());
    Class<?>[] types = method.getParameterTypes();
    int ids = -1;
    int instance = -1;
    for (int i = 0; i < types.length; i++) {
      if (Collection.class.isAssignableFrom(types[i])) {
        ids = ids < 0 ? i : ids;
      } else if (instance < 0) {
        instance = i;
      }
    }
    boolean needsIds = pre != Action.PRE_CLEAR;
    if (instance < 0 || (needsIds && ids < 0) || types.length != (needsIds ? 2 : 1)) {
      throw ModelWrite.refuse(
          method,
          needsIds
              ? "must take the instance and a Collection of related ids"
              : "must take the instance only");
    }
    this.instanceIndex = instance;
    this.idsIndex = ids;
    this.returns = method.getReturnType();
    if (returns != void.class && returns != int.class) {
      throw ModelWrite.refuse(method, "must return void or int (the rows written)");
    }
  }

  /** The attributes shared by the three annotations. */
  private record Relation(
      Class<?> through,
      Class<?> model,
      boolean reverse,
      String table,
      String column,
      String relatedColumn) {}

  private static String identifier(Method method, String value) {
    if (!IDENTIFIER.matcher(value).matches()) {
      throw ModelWrite.refuse(
          method, "names '" + value + "' as a table or column; use a plain SQL identifier");
    }
    return value;
  }

  @Override
  public AttachedExtensionHandler attachTo(ConfigRegistry config, Object target) {
    return (handles, args) -> {
      Handle handle = handles.getHandle();
      SignalsConfig signalsConfig = handle.getConfig(SignalsConfig.class);
      Signals signals = signalsConfig.signals(name);
      Object instance = args[instanceIndex];
      if (instance == null) {
        throw new NullPointerException(name + ": the instance must not be null");
      }
      Object source = Ids.read(instance);
      if (source == null) {
        throw new IllegalArgumentException(
            name + ": the instance has no id yet; save it before relating it");
      }
      Set<Object> given = idsIndex < 0 ? null : ids(args[idsIndex]);
      WriteContext context = new JdbiWriteContext(handle, signalsConfig.scheduler());
      String using = signalsConfig.using();
      int rows =
          handle.inTransaction(
              tx -> {
                Set<Object> pkSet = pre == Action.PRE_ADD ? missing(tx, source, given) : given;
                signals.m2mChanged().send(event(instance, pre, pkSet, using, context));
                int written = write(tx, source, pkSet);
                signals.m2mChanged().send(event(instance, post, pkSet, using, context));
                return written;
              });
      return returns == int.class ? rows : null;
    };
  }

  private Set<Object> ids(@Nullable Object value) {
    if (value == null) {
      throw new NullPointerException(name + ": the collection of ids must not be null");
    }
    Set<Object> ids = new LinkedHashSet<>();
    for (Object id : (Collection<?>) value) {
      if (id == null) {
        throw new NullPointerException(name + ": the collection of ids contains null");
      }
      ids.add(id);
    }
    return ids;
  }

  private Set<Object> missing(Handle handle, Object source, Set<Object> given) {
    if (given.isEmpty()) {
      return given;
    }
    Class<?> idType = given.iterator().next().getClass();
    List<?> existing =
        handle
            .createQuery(
                "SELECT "
                    + related
                    + " FROM "
                    + table
                    + " WHERE "
                    + column
                    + " = :source AND "
                    + related
                    + " IN (<ids>)")
            .bind("source", source)
            .bindList("ids", List.copyOf(given))
            .mapTo(idType)
            .list();
    Set<Object> missing = new LinkedHashSet<>(given);
    existing.forEach(missing::remove);
    return missing;
  }

  private int write(Handle handle, Object source, @Nullable Set<Object> ids) {
    if (pre == Action.PRE_CLEAR) {
      return handle
          .createUpdate("DELETE FROM " + table + " WHERE " + column + " = :source")
          .bind("source", source)
          .execute();
    }
    if (ids.isEmpty()) {
      return 0;
    }
    if (pre == Action.PRE_REMOVE) {
      return handle
          .createUpdate(
              "DELETE FROM "
                  + table
                  + " WHERE "
                  + column
                  + " = :source AND "
                  + related
                  + " IN (<ids>)")
          .bind("source", source)
          .bindList("ids", List.copyOf(ids))
          .execute();
    }
    PreparedBatch batch =
        handle.prepareBatch(
            "INSERT INTO " + table + " (" + column + ", " + related + ") VALUES (:source, :id)");
    for (Object id : ids) {
      batch.bind("source", source).bind("id", id).add();
    }
    int total = 0;
    for (int count : batch.execute()) {
      total += count;
    }
    return total;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private M2MChanged<?> event(
      Object instance, Action action, @Nullable Set<Object> pkSet, String using, WriteContext c) {
    return new M2MChanged(through, instance, action, reverse, model, pkSet, using, c);
  }
}
