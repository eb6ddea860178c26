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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
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
  /** Deletes the instances themselves, once their dependents are gone. */
  @FunctionalInterface
  interface RootDelete {
    @Nullable Object run() throws Exception;
  }

  private final String name;
  private final Class<?> model;
  private final DeletePlan plan;
  private final boolean robust;
  private final Handle handle;
  private final Signals signals;
  private final String using;
  private final WriteContext context;
  private final Map<Class<?>, Integer> counts = new LinkedHashMap<>();

  DeleteCollector(
      String name,
      Class<?> model,
      DeletePlan plan,
      boolean robust,
      Handle handle,
      Signals signals,
      SignalsConfig config) {
    this.name = name;
    this.model = model;
    this.plan = plan;
    this.robust = robust;
    this.handle = handle;
    this.signals = signals;
    this.using = config.using();
    this.context = new JdbiWriteContext(handle, config.scheduler(), name);
  }

  /** The rows deleted per dependent model, in the order they were deleted. */
  Map<Class<?>, Integer> counts() {
    return counts;
  }

  /**
   * Deletes {@code roots} (in ascending key order) with their dependents.
   *
   * @return what {@code rootDelete} returned
   */
  @Nullable Object delete(List<Object> roots, Object origin, RootDelete rootDelete)
      throws Exception {
    Map<Class<?>, List<Object>> rows = new HashMap<>();
    for (Step step : plan.collect()) {
      if (step.dependent().onDelete() == OnDelete.SET_NULL) {
        continue;
      }
      List<Object> found = new ArrayList<>();
      for (Object parent : parents(step, roots, rows)) {
        found.addAll(
            bind(handle.createQuery(step.dependent().select()), parent)
                .registerRowMapper(mapperFor(step.model()))
                .mapTo(step.model())
                .list());
      }
      found.sort(ascendingKeys(step.key()));
      if (step.dependent().onDelete() == OnDelete.PROTECT && !found.isEmpty()) {
        throw new IllegalStateException(
            name
                + ": cannot delete "
                + model.getSimpleName()
                + " "
                + (roots.size() == 1 ? roots.get(0) : roots)
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
    for (Object root : roots) {
      signals.preDelete().send(preDelete(model, root, origin));
    }
    for (Step step : plan.collect()) {
      if (step.dependent().onDelete() == OnDelete.SET_NULL) {
        for (Object parent : parents(step, roots, rows)) {
          bind(handle.createUpdate(step.dependent().delete()), parent).execute();
        }
      }
    }
    for (Step step : plan.signalOrder()) {
      int deleted = 0;
      for (Object parent : parents(step, roots, rows)) {
        deleted += bind(handle.createUpdate(step.dependent().delete()), parent).execute();
      }
      counts.put(step.model(), deleted);
      List<Object> found = rows.get(step.model());
      for (int j = found.size() - 1; j >= 0; j--) {
        postDelete(step.model(), found.get(j), origin);
      }
    }
    Object result = rootDelete.run();
    for (int j = roots.size() - 1; j >= 0; j--) {
      postDelete(model, roots.get(j), origin);
    }
    return result;
  }

  private static List<Object> parents(
      Step step, List<Object> roots, Map<Class<?>, List<Object>> rows) {
    return step.parent() == null ? roots : rows.get(step.parent());
  }

  /** Sorts instances of a model in ascending key order. */
  static void sort(List<Object> instances, ModelKey key) {
    instances.sort(ascendingKeys(key));
  }

  private void postDelete(Class<?> model, Object instance, Object origin) {
    PostDelete<?> post = postDeleteEvent(model, instance, origin);
    if (robust) {
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
