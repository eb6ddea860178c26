package dev.jsignals.jdbi;

import dev.jsignals.core.PostDelete;
import dev.jsignals.core.PostSave;
import dev.jsignals.core.PreDelete;
import dev.jsignals.core.PreSave;
import dev.jsignals.core.Signals;
import dev.jsignals.core.WriteContext;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.extension.AttachedExtensionHandler;
import org.jdbi.v3.core.extension.HandleSupplier;
import org.jdbi.v3.core.mapper.reflect.BeanMapper;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;
import org.jdbi.v3.core.statement.SqlStatement;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jspecify.annotations.Nullable;

/** One annotated DAO method, checked when the DAO is attached, and how it sends its signals. */
final class ModelWrite {
  private enum Kind {
    INSERT,
    UPDATE,
    SAVE,
    DELETE
  }

  private static final Set<Class<?>> COUNTS =
      Set.of(void.class, int.class, long.class, boolean.class, Integer.class, Long.class);

  private final Kind kind;
  private final String name;
  private final Class<?> model;
  private final int instanceIndex;
  private final int fieldsIndex;
  private final @Nullable Set<String> fields;
  private final boolean generatedKeys;
  private final @Nullable Method insert;
  private final Deletes.Dependent[] dependents;
  private final Class<?> returns;
  private final boolean robust;

  private ModelWrite(Kind kind, Method method, Class<?> model, @Nullable Method insert) {
    this.kind = kind;
    this.name = method.getDeclaringClass().getSimpleName() + "." + method.getName();
    this.model = model;
    this.insert = insert;
    this.returns = method.getReturnType();
    this.robust = robust(method);
    this.instanceIndex = instanceIndex(method, model, kind);
    this.fieldsIndex = fieldsIndex(method);
    Updates updates = method.getAnnotation(Updates.class);
    this.fields = updates == null || updates.fields().length == 0 ? null : Set.of(updates.fields());
    this.generatedKeys =
        (insert != null ? insert : method).isAnnotationPresent(GetGeneratedKeys.class);
    Deletes deletes = method.getAnnotation(Deletes.class);
    this.dependents = deletes == null ? new Deletes.Dependent[0] : deletes.dependents();
  }

  private static boolean robust(Method method) {
    Inserts inserts = method.getAnnotation(Inserts.class);
    Updates updates = method.getAnnotation(Updates.class);
    Saves saves = method.getAnnotation(Saves.class);
    Deletes deletes = method.getAnnotation(Deletes.class);
    return (inserts != null && inserts.robust())
        || (updates != null && updates.robust())
        || (saves != null && saves.robust())
        || (deletes != null && deletes.robust());
  }

  static ModelWrite of(Class<?> type, Method method) {
    Inserts inserts = method.getAnnotation(Inserts.class);
    Updates updates = method.getAnnotation(Updates.class);
    Saves saves = method.getAnnotation(Saves.class);
    Deletes deletes = method.getAnnotation(Deletes.class);
    long count =
        Arrays.asList(inserts, updates, saves, deletes).stream().filter(a -> a != null).count();
    if (count != 1) {
      throw refuse(
          method, "carries " + count + " of @Inserts, @Updates, @Saves, @Deletes; keep one");
    }
    Class<?> returns = method.getReturnType();
    if (saves != null) {
      if (returns != boolean.class) {
        throw refuse(
            method,
            "is @Saves and must return boolean: the UPDATE's row count decides whether to insert,"
                + " and the method answers true when it inserted");
      }
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
      return new ModelWrite(Kind.SAVE, method, saves.value(), insert);
    }
    if (!COUNTS.contains(returns)) {
      throw refuse(
          method,
          "returns "
              + returns.getSimpleName()
              + "; an annotated write returns void, int, long or boolean (a row count), or the"
              + " generated key");
    }
    if (inserts != null) {
      return new ModelWrite(Kind.INSERT, method, inserts.value(), null);
    }
    if (updates != null) {
      return new ModelWrite(Kind.UPDATE, method, updates.value(), null);
    }
    return new ModelWrite(Kind.DELETE, method, deletes.value(), null);
  }

  Object invoke(
      AttachedExtensionHandler attached, HandleSupplier handles, Object target, Object[] args)
      throws Exception {
    Handle handle = handles.getHandle();
    SignalsConfig config = handle.getConfig(SignalsConfig.class);
    Signals signals = config.signals(name);
    Object instance = args[instanceIndex];
    if (instance == null) {
      throw new NullPointerException(name + ": the " + model.getSimpleName() + " must not be null");
    }
    Set<String> updateFields = updateFields(args);
    if (updateFields != null && updateFields.isEmpty()) {
      return emptyResult(returns);
    }
    if (kind != Kind.SAVE && !listened(signals)) {
      Object result = attached.invoke(handles, args);
      if (kind == Kind.INSERT
          && generatedKeys
          && result instanceof Number key
          && !instance.getClass().isRecord()) {
        // A bean keeps its key; a record copy would reach no one without receivers.
        writeKey(handle, instance, key);
      }
      return result;
    }
    WriteContext context = new JdbiWriteContext(handle, config.scheduler());
    String using = config.using();
    return handle.inTransaction(
        tx ->
            kind == Kind.DELETE
                ? delete(attached, handles, args, signals, context, using, instance)
                : save(
                    attached,
                    handles,
                    target,
                    args,
                    signals,
                    context,
                    using,
                    instance,
                    updateFields));
  }

  private boolean listened(Signals signals) {
    if (kind == Kind.DELETE) {
      return dependents.length > 0
          || signals.preDelete().hasListeners(model)
          || signals.postDelete().hasListeners(model);
    }
    return signals.preSave().hasListeners(model) || signals.postSave().hasListeners(model);
  }

  private Object save(
      AttachedExtensionHandler attached,
      HandleSupplier handles,
      Object target,
      Object[] args,
      Signals signals,
      WriteContext context,
      String using,
      Object instance,
      @Nullable Set<String> updateFields)
      throws Exception {
    Handle handle = handles.getHandle();
    signals.preSave().send(preSave(model, instance, using, updateFields, context));
    Object result = attached.invoke(handles, args);
    boolean created = kind == Kind.INSERT;
    Object key = created ? result : null;
    if (kind == Kind.SAVE) {
      created = Boolean.FALSE.equals(result);
      if (created) {
        key = callInsert(target, args);
      }
      result = created;
    }
    Object sent = instance;
    if (created && generatedKeys && key instanceof Number number) {
      sent = writeKey(handle, instance, number);
    }
    PostSave<?> post = postSave(model, sent, created, using, updateFields, context);
    if (robust) {
      signals.postSave().signal().sendRobust(model, post, Savepoints.around(handle));
    } else {
      signals.postSave().send(post);
    }
    return result;
  }

  private Object delete(
      AttachedExtensionHandler attached,
      HandleSupplier handles,
      Object[] args,
      Signals signals,
      WriteContext context,
      String using,
      Object origin)
      throws Exception {
    Handle handle = handles.getHandle();
    List<List<?>> rows = new ArrayList<>();
    for (Deletes.Dependent dependent : dependents) {
      List<?> found =
          bind(handle.createQuery(dependent.select()), origin)
              .registerRowMapper(mapperFor(dependent.model()))
              .mapTo(dependent.model())
              .list();
      rows.add(found);
      for (Object row : found) {
        signals.preDelete().send(preDelete(dependent.model(), row, using, origin, context));
      }
    }
    signals.preDelete().send(preDelete(model, origin, using, origin, context));
    for (int i = 0; i < dependents.length; i++) {
      bind(handle.createUpdate(dependents[i].delete()), origin).execute();
      for (Object row : rows.get(i)) {
        signals.postDelete().send(postDelete(dependents[i].model(), row, using, origin, context));
      }
    }
    Object result = attached.invoke(handles, args);
    PostDelete<?> post = postDelete(model, origin, using, origin, context);
    if (robust) {
      signals.postDelete().signal().sendRobust(model, post, Savepoints.around(handle));
    } else {
      signals.postDelete().send(post);
    }
    return result;
  }

  private static org.jdbi.v3.core.mapper.RowMapperFactory mapperFor(Class<?> type) {
    return type.isRecord() ? ConstructorMapper.factory(type) : BeanMapper.factory(type);
  }

  static <S extends SqlStatement<S>> S bind(S statement, Object instance) {
    return instance.getClass().isRecord()
        ? statement.bindMethods(instance)
        : statement.bindBean(instance);
  }

  private @Nullable Object callInsert(Object target, Object[] args) throws Exception {
    try {
      return insert.invoke(target, args);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      if (cause instanceof Exception exception) {
        throw exception;
      }
      throw (Error) cause;
    }
  }

  private Object writeKey(Handle handle, Object instance, Number key) {
    Ids.Written written = Ids.write(instance, key);
    if (handle.isInTransaction()) {
      handle.afterRollback(written.undo());
    }
    return written.instance();
  }

  @SuppressWarnings("unchecked")
  private @Nullable Set<String> updateFields(Object[] args) {
    if (fieldsIndex >= 0) {
      return args[fieldsIndex] == null ? null : Set.copyOf((Set<String>) args[fieldsIndex]);
    }
    return fields;
  }

  static @Nullable Object emptyResult(Class<?> returns) {
    if (returns == int.class || returns == Integer.class) {
      return 0;
    } else if (returns == long.class || returns == Long.class) {
      return 0L;
    } else if (returns == boolean.class || returns == Boolean.class) {
      return false;
    }
    return null;
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

  private static int fieldsIndex(Method method) {
    for (int i = 0; i < method.getParameterCount(); i++) {
      if (method.getParameters()[i].isAnnotationPresent(UpdateFields.class)) {
        if (!Set.class.isAssignableFrom(method.getParameterTypes()[i])) {
          throw refuse(method, "has an @UpdateFields parameter that is not a Set<String>");
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

  private static <M> PreSave<M> preSave(
      Class<M> model, Object instance, String using, @Nullable Set<String> fields, WriteContext c) {
    return new PreSave<>(model, model.cast(instance), false, using, fields, c);
  }

  private static <M> PostSave<M> postSave(
      Class<M> model,
      Object instance,
      boolean created,
      String using,
      @Nullable Set<String> fields,
      WriteContext c) {
    return new PostSave<>(model, model.cast(instance), created, false, using, fields, c);
  }

  private static <M> PreDelete<M> preDelete(
      Class<M> model, Object instance, String using, Object origin, WriteContext c) {
    return new PreDelete<>(model, model.cast(instance), using, origin, c);
  }

  private static <M> PostDelete<M> postDelete(
      Class<M> model, Object instance, String using, Object origin, WriteContext c) {
    return new PostDelete<>(model, model.cast(instance), using, origin, c);
  }
}
