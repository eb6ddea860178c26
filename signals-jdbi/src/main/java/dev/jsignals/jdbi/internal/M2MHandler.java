package dev.jsignals.jdbi.internal;

import dev.jsignals.core.M2MChanged;
import dev.jsignals.core.Signals;
import dev.jsignals.core.WriteContext;
import dev.jsignals.jdbi.M2MAdd;
import dev.jsignals.jdbi.M2MClear;
import dev.jsignals.jdbi.M2MRemove;
import dev.jsignals.jdbi.M2MSet;
import java.lang.reflect.Method;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.config.ConfigRegistry;
import org.jdbi.v3.core.extension.AttachedExtensionHandler;
import org.jdbi.v3.core.extension.ExtensionHandler;
import org.jspecify.annotations.Nullable;

/**
 * Runs a method marked {@code @M2MAdd}, {@code @M2MRemove}, {@code @M2MClear} or {@code @M2MSet}:
 * writes the join table and sends {@code m2m_changed} around each change, in one transaction. Jdbi
 * instantiates it when a DAO is attached; applications never use it. Immutable and thread-safe.
 */
public final class M2MHandler implements ExtensionHandler {
  private enum Op {
    ADD,
    REMOVE,
    CLEAR,
    SET,
    SET_CLEAR
  }

  private final String name;
  private final Op op;
  private final Class<?> through;
  private final boolean reverse;
  private final M2MRelation relation;
  private final ModelKey instanceKey;
  private final int instanceIndex;
  private final int idsIndex;
  private final boolean returnsCount;

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
    M2MSet set = method.getAnnotation(M2MSet.class);
    if (add != null) {
      op = Op.ADD;
      through = add.value();
      reverse = add.reverse();
    } else if (remove != null) {
      op = Op.REMOVE;
      through = remove.value();
      reverse = remove.reverse();
    } else if (clear != null) {
      op = Op.CLEAR;
      through = clear.value();
      reverse = clear.reverse();
    } else {
      op = set.clear() ? Op.SET_CLEAR : Op.SET;
      through = set.value();
      reverse = set.reverse();
    }
    relation = M2MRelation.of(method, through, reverse);
    Class<?>[] types = method.getParameterTypes();
    boolean needsIds = op != Op.CLEAR;
    int ids = -1;
    int instance = -1;
    for (int i = 0; i < types.length; i++) {
      if (Collection.class.isAssignableFrom(types[i])) {
        ids = ids < 0 ? i : ids;
      } else if (instance < 0 && types[i].isAssignableFrom(relation.instanceType())) {
        instance = i;
      }
    }
    if (instance < 0 || (needsIds && ids < 0) || types.length != (needsIds ? 2 : 1)) {
      String owner = relation.instanceType().getSimpleName();
      throw ModelWrite.refuse(
          method,
          needsIds
              ? "must take the " + owner + " and a Collection of related ids"
              : "must take the " + owner + " only");
    }
    this.instanceKey = ModelKey.of(relation.instanceType());
    this.instanceIndex = instance;
    this.idsIndex = ids;
    Class<?> returns = method.getReturnType();
    if (returns != void.class && returns != int.class) {
      throw ModelWrite.refuse(method, "must return void or int (the rows written)");
    }
    this.returnsCount = returns == int.class;
  }

  @Override
  public AttachedExtensionHandler attachTo(ConfigRegistry config, Object target) {
    return (handles, args) -> {
      Object instance = args[instanceIndex];
      if (instance == null) {
        throw new NullPointerException(name + ": the instance must not be null");
      }
      Object source = instanceKey.read(instance);
      if (source == null || instanceKey.unset(instance)) {
        throw new IllegalArgumentException(
            name + ": the instance has no key yet; save it before relating it");
      }
      Set<Object> given = idsIndex < 0 ? Set.of() : ids(args[idsIndex]);
      if (given.isEmpty() && (op == Op.ADD || op == Op.REMOVE)) {
        return returnsCount ? 0 : null; // Django: no signals, no SQL
      }
      Handle handle = handles.getHandle();
      SignalsConfig signalsConfig = handle.getConfig(SignalsConfig.class);
      Signals signals = signalsConfig.signals(name);
      Change change =
          new Change(
              signals,
              instance,
              source,
              signalsConfig.using(),
              new JdbiWriteContext(handle, signalsConfig.scheduler(), name));
      int rows = handle.inTransaction(tx -> change.run(tx, given));
      return returnsCount ? rows : null;
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
      ids.add(relation.relatedId(id));
    }
    return ids;
  }

  /** One call: the changes it makes, each between its two signals. */
  private final class Change {
    private final Signals signals;
    private final Object instance;
    private final Object source;
    private final String using;
    private final WriteContext context;

    Change(Signals signals, Object instance, Object source, String using, WriteContext context) {
      this.signals = signals;
      this.instance = instance;
      this.source = source;
      this.using = using;
      this.context = context;
    }

    int run(Handle handle, Set<Object> given) {
      return switch (op) {
        case ADD -> add(handle, given);
        case REMOVE -> remove(handle, given);
        case CLEAR -> clear(handle);
        case SET_CLEAR -> clear(handle) + add(handle, given);
        case SET -> {
          Set<Object> old = new LinkedHashSet<>(relation.relatedIds(handle, source));
          Set<Object> gone = new LinkedHashSet<>(old);
          gone.removeAll(given);
          Set<Object> fresh = new LinkedHashSet<>(given);
          fresh.removeAll(old);
          yield (gone.isEmpty() ? 0 : remove(handle, gone))
              + (fresh.isEmpty() ? 0 : add(handle, fresh));
        }
      };
    }

    private int add(Handle handle, Set<Object> given) {
      if (given.isEmpty()) {
        return 0;
      }
      Set<Object> missing = new LinkedHashSet<>(given);
      relation.relatedIds(handle, source).forEach(missing::remove);
      send(M2MChanged.PRE_ADD, missing);
      int rows = missing.isEmpty() ? 0 : relation.insert(handle, source, missing);
      send(M2MChanged.POST_ADD, missing);
      return rows;
    }

    private int remove(Handle handle, Set<Object> given) {
      send(M2MChanged.PRE_REMOVE, given);
      int rows = relation.delete(handle, source, given);
      send(M2MChanged.POST_REMOVE, given);
      return rows;
    }

    private int clear(Handle handle) {
      send(M2MChanged.PRE_CLEAR, null);
      int rows = relation.deleteAll(handle, source);
      send(M2MChanged.POST_CLEAR, null);
      return rows;
    }

    private void send(String action, @Nullable Set<Object> pkSet) {
      signals
          .m2mChanged()
          .send(
              through,
              new M2MChanged<>(
                  through, instance, action, reverse, relation.related(), pkSet, using, context));
    }
  }
}
