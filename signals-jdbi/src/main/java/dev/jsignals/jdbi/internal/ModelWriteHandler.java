package dev.jsignals.jdbi.internal;

import dev.jsignals.core.PostSave;
import dev.jsignals.core.PreSave;
import dev.jsignals.core.Signals;
import dev.jsignals.core.WriteContext;
import dev.jsignals.jdbi.internal.ModelWrite.Kind;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.util.List;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.extension.AttachedExtensionHandler;
import org.jdbi.v3.core.extension.HandleSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Runs one annotated write of one attached DAO: the statement between its signals, in one
 * transaction. Thread-safe: it holds only what was resolved when the DAO was attached.
 */
final class ModelWriteHandler implements AttachedExtensionHandler {
  private final ModelWrite write;
  private final AttachedExtensionHandler statement;
  private final @Nullable MethodHandle insert;

  ModelWriteHandler(ModelWrite write, AttachedExtensionHandler statement, Object target) {
    this.write = write;
    this.statement = statement;
    try {
      this.insert =
          write.insert() == null
              ? null
              : MethodHandles.publicLookup().unreflect(write.insert()).bindTo(target);
    } catch (IllegalAccessException e) {
      throw new IllegalArgumentException(write.name() + ": cannot call " + write.insert(), e);
    }
  }

  @Override
  public @Nullable Object invoke(HandleSupplier handles, Object... args) throws Exception {
    Handle handle = handles.getHandle();
    SignalsConfig config = handle.getConfig(SignalsConfig.class);
    Signals signals = config.signals(write.name());
    Object instance = args[write.instanceIndex()];
    if (instance == null) {
      throw new NullPointerException(
          write.name() + ": the " + write.model().getSimpleName() + " must not be null");
    }
    Set<String> updateFields = updateFields(args);
    if (updateFields != null && updateFields.isEmpty()) {
      return emptyResult(write.returns());
    }
    Kind kind = write.kind();
    if (kind == Kind.DELETE) {
      if (write.deletes().collect().isEmpty()
          && !signals.preDelete().hasListeners(write.model())
          && !signals.postDelete().hasListeners(write.model())) {
        return statement.invoke(handles, args);
      }
      DeleteCollector collector =
          new DeleteCollector(
              write.name(),
              write.model(),
              write.deletes(),
              write.robust(),
              handle,
              signals,
              config);
      return handle.inTransaction(
          tx ->
              collector.delete(List.of(instance), instance, () -> statement.invoke(handles, args)));
    }
    if (kind != Kind.SAVE && !listened(signals)) {
      Object result = statement.invoke(handles, args);
      if (kind == Kind.INSERT && write.generatedKeys() && result != null) {
        ModelKey key = write.key();
        if (!instance.getClass().isRecord()) {
          // A bean keeps its key; a record copy would reach no one without receivers.
          keep(handle, key.write(instance, result));
        }
      }
      return result;
    }
    WriteContext context = new JdbiWriteContext(handle, config.scheduler(), write.name());
    return handle.inTransaction(
        tx -> save(handles, args, signals, context, config.using(), instance, updateFields));
  }

  private boolean listened(Signals signals) {
    return signals.preSave().hasListeners(write.model())
        || signals.postSave().hasListeners(write.model());
  }

  private @Nullable Object save(
      HandleSupplier handles,
      Object[] args,
      Signals signals,
      WriteContext context,
      String using,
      Object instance,
      @Nullable Set<String> updateFields)
      throws Exception {
    Handle handle = handles.getHandle();
    Class<?> model = write.model();
    boolean raw = write.raw();
    signals.preSave().send(preSave(model, instance, raw, using, updateFields, context));
    boolean created = write.kind() == Kind.INSERT;
    Object result;
    Object key = null;
    if (write.kind() == Kind.SAVE) {
      // Django's save(): an instance without a key is inserted at once; else UPDATE, and INSERT
      // when the UPDATE matched no row.
      boolean updated = !write.key().unset(instance) && (Boolean) statement.invoke(handles, args);
      if (!updated && updateFields != null) {
        throw new IllegalStateException(
            write.name()
                + ": a save naming the fields "
                + updateFields
                + " matched no row; nothing was inserted");
      }
      created = !updated;
      if (created) {
        key = callInsert(args);
      }
      result = created;
    } else {
      result = statement.invoke(handles, args);
      key = created ? result : null;
    }
    Object sent = instance;
    if (created && write.generatedKeys() && key != null) {
      sent = keep(handle, write.key().write(instance, key));
    }
    PostSave<?> post = postSave(model, sent, created, raw, using, updateFields, context);
    if (write.robust()) {
      signals.postSave().signal().sendRobust(model, post, Savepoints.around(handle));
    } else {
      signals.postSave().send(post);
    }
    return result;
  }

  private @Nullable Object callInsert(Object[] args) throws Exception {
    try {
      return insert.invokeWithArguments(args);
    } catch (Exception | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new IllegalStateException(write.name() + ": the insert failed", e);
    }
  }

  private static Object keep(Handle handle, ModelKey.Written written) {
    if (handle.isInTransaction()) {
      handle.afterRollback(written.undo());
    }
    return written.instance();
  }

  @SuppressWarnings("unchecked")
  private @Nullable Set<String> updateFields(Object[] args) {
    if (write.fieldsIndex() >= 0) {
      Object given = args[write.fieldsIndex()];
      return given == null ? null : Set.copyOf((Set<String>) given);
    }
    return write.fields();
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

  private static <M> PreSave<M> preSave(
      Class<M> model,
      Object instance,
      boolean raw,
      String using,
      @Nullable Set<String> fields,
      WriteContext c) {
    return new PreSave<>(model, model.cast(instance), raw, using, fields, c);
  }

  private static <M> PostSave<M> postSave(
      Class<M> model,
      Object instance,
      boolean created,
      boolean raw,
      String using,
      @Nullable Set<String> fields,
      WriteContext c) {
    return new PostSave<>(model, model.cast(instance), created, raw, using, fields, c);
  }
}
