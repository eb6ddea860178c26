package dev.jsignals.jdbi.internal;

import dev.jsignals.core.PostDelete;
import dev.jsignals.core.PreDelete;
import dev.jsignals.core.Signals;
import dev.jsignals.core.WriteContext;
import dev.jsignals.jdbi.Deletes.OnDelete;
import dev.jsignals.jdbi.internal.DeletePlan.Step;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.extension.AttachedExtensionHandler;
import org.jdbi.v3.core.extension.HandleSupplier;
import org.jdbi.v3.core.mapper.RowMapperFactory;
import org.jdbi.v3.core.mapper.reflect.BeanMapper;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;
import org.jdbi.v3.core.statement.SqlStatement;
import org.jspecify.annotations.Nullable;

/**
 * One delete with its dependents, as Django's deletion collector runs it: first every dependent row
 * is collected (a {@code PROTECT}ed one refuses the delete before anything is sent); then {@code
 * pre_delete} for every row, deepest models first, each model's rows in ascending key order, the
 * instance last; then the {@code SET_NULL} updates; then model by model, deepest first, its {@code
 * DELETE}s followed by {@code post_delete} for its rows in descending key order; the instance last.
 * Every event has the same {@code origin}. Used once, on one thread.
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
    DeletePlan plan = write.deletes();
    Map<Class<?>, List<Object>> rows = new HashMap<>();
    for (Step step : plan.collect()) {
      if (step.dependent().onDelete() == OnDelete.SET_NULL) {
        continue;
      }
      List<Object> found = new ArrayList<>();
      for (Object parent : parents(step, origin, rows)) {
        found.addAll(
            bind(handle.createQuery(step.dependent().select()), parent)
                .registerRowMapper(mapperFor(step.model()))
                .mapTo(step.model())
                .list());
      }
      found.sort(ascendingKeys(step.key()));
      if (step.dependent().onDelete() == OnDelete.PROTECT && !found.isEmpty()) {
        throw new IllegalStateException(
            write.name()
                + ": cannot delete "
                + write.model().getSimpleName()
                + " "
                + origin
                + ": the "
                + step.model().getSimpleName()
                + " rows with keys "
                + found.stream()
                    .map(r -> String.valueOf(step.key().read(r)))
                    .collect(Collectors.joining(", "))
                + " refer to it and are PROTECTed; nothing was deleted");
      }
      rows.put(step.model(), found);
    }
    for (Step step : plan.signalOrder()) {
      for (Object row : rows.get(step.model())) {
        signals.preDelete().send(preDelete(step.model(), row, origin));
      }
    }
    signals.preDelete().send(preDelete(write.model(), origin, origin));
    for (Step step : plan.collect()) {
      if (step.dependent().onDelete() == OnDelete.SET_NULL) {
        for (Object parent : parents(step, origin, rows)) {
          bind(handle.createUpdate(step.dependent().delete()), parent).execute();
        }
      }
    }
    for (Step step : plan.signalOrder()) {
      for (Object parent : parents(step, origin, rows)) {
        bind(handle.createUpdate(step.dependent().delete()), parent).execute();
      }
      List<Object> found = rows.get(step.model());
      for (int j = found.size() - 1; j >= 0; j--) {
        postDelete(step.model(), found.get(j), origin);
      }
    }
    Object result = statement.invoke(handles, args);
    postDelete(write.model(), origin, origin);
    return result;
  }

  private static List<Object> parents(Step step, Object origin, Map<Class<?>, List<Object>> rows) {
    return step.parent() == null ? List.of(origin) : rows.get(step.parent());
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
  private static Comparator<Object> ascendingKeys(@Nullable ModelKey key) {
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
