package dev.jsignals.jdbi.internal;

import dev.jsignals.core.PostDelete;
import dev.jsignals.core.PreDelete;
import dev.jsignals.core.Signals;
import dev.jsignals.core.WriteContext;
import dev.jsignals.jdbi.Deletes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.extension.AttachedExtensionHandler;
import org.jdbi.v3.core.extension.HandleSupplier;
import org.jdbi.v3.core.mapper.RowMapperFactory;
import org.jdbi.v3.core.mapper.reflect.BeanMapper;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;
import org.jdbi.v3.core.statement.SqlStatement;
import org.jspecify.annotations.Nullable;

/**
 * One delete with its dependents, in the order of Django's deletion collector: dependents' models
 * first, then the instance's; {@code pre_delete} for every instance (each model's in ascending key
 * order), then for each model its {@code DELETE} followed by its {@code post_delete}s in descending
 * key order; all with the same {@code origin}. Used once, on one thread.
 */
final class DeleteCollector {
  private final ModelWrite write;
  private final Handle handle;
  private final Signals signals;
  private final String using;
  private final WriteContext context;

  DeleteCollector(ModelWrite write, Handle handle, Signals signals, SignalsConfig config) {
    this.write = write;
    this.handle = handle;
    this.signals = signals;
    this.using = config.using();
    this.context = new JdbiWriteContext(handle, config.scheduler(), write.name());
  }

  @Nullable Object delete(AttachedExtensionHandler statement, HandleSupplier handles, Object[] args)
      throws Exception {
    Object origin = args[write.instanceIndex()];
    Deletes.Dependent[] dependents = write.dependents();
    if (dependents.length == 0
        && !signals.preDelete().hasListeners(write.model())
        && !signals.postDelete().hasListeners(write.model())) {
      return statement.invoke(handles, args);
    }
    List<List<?>> rows = new ArrayList<>();
    for (Deletes.Dependent dependent : dependents) {
      List<Object> found =
          new ArrayList<>(
              bind(handle.createQuery(dependent.select()), origin)
                  .registerRowMapper(mapperFor(dependent.model()))
                  .mapTo(dependent.model())
                  .list());
      found.sort(ascendingKeys(dependent.model()));
      rows.add(found);
    }
    for (int i = 0; i < dependents.length; i++) {
      for (Object row : rows.get(i)) {
        signals.preDelete().send(preDelete(dependents[i].model(), row, origin));
      }
    }
    signals.preDelete().send(preDelete(write.model(), origin, origin));
    for (int i = 0; i < dependents.length; i++) {
      bind(handle.createUpdate(dependents[i].delete()), origin).execute();
      List<?> found = rows.get(i);
      for (int j = found.size() - 1; j >= 0; j--) {
        postDelete(dependents[i].model(), found.get(j), origin);
      }
    }
    Object result = statement.invoke(handles, args);
    postDelete(write.model(), origin, origin);
    return result;
  }

  private void postDelete(Class<?> model, Object instance, Object origin) {
    PostDelete<?> post = postDeleteEvent(model, instance, origin);
    if (write.robust()) {
      signals.postDelete().signal().sendRobust(model, post, Savepoints.around(handle));
    } else {
      signals.postDelete().send(post);
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Comparator<Object> ascendingKeys(Class<?> model) {
    ModelKey key = ModelKey.of(model);
    return Comparator.comparing(
        row -> (Comparable) key.read(row), Comparator.nullsFirst(Comparator.naturalOrder()));
  }

  private static RowMapperFactory mapperFor(Class<?> type) {
    return type.isRecord() ? ConstructorMapper.factory(type) : BeanMapper.factory(type);
  }

  static <S extends SqlStatement<S>> S bind(S statement, Object instance) {
    return instance.getClass().isRecord()
        ? statement.bindMethods(instance)
        : statement.bindBean(instance);
  }

  private <M> PreDelete<M> preDelete(Class<M> model, Object instance, Object origin) {
    return new PreDelete<>(model, model.cast(instance), using, origin, context);
  }

  private <M> PostDelete<M> postDeleteEvent(Class<M> model, Object instance, Object origin) {
    return new PostDelete<>(model, model.cast(instance), using, origin, context);
  }
}
