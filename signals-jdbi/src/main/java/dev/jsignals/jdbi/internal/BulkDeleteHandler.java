package dev.jsignals.jdbi.internal;

import dev.jsignals.core.Signals;
import dev.jsignals.jdbi.BulkDeletes;
import dev.jsignals.jdbi.DeletedRows;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.config.ConfigRegistry;
import org.jdbi.v3.core.extension.AttachedExtensionHandler;
import org.jdbi.v3.core.extension.ExtensionHandler;
import org.jdbi.v3.core.mapper.reflect.BeanMapper;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jspecify.annotations.Nullable;

/**
 * Runs a method marked {@code @BulkDeletes}: selects the instances, then deletes them with their
 * dependents as Django's {@code QuerySet.delete()} does, in one transaction. Jdbi instantiates it
 * when a DAO is attached; applications never use it. Immutable and thread-safe.
 */
public final class BulkDeleteHandler implements ExtensionHandler {
  private final String name;
  private final BulkDeletes bulk;
  private final ModelKey key;
  private final DeletePlan plan;
  private final @Nullable String[] names;
  private final boolean returnsRows;

  /**
   * Checks the method; Jdbi calls it when the DAO is attached.
   *
   * @param type the DAO interface
   * @param method the annotated method
   * @throws IllegalArgumentException naming the method if it does not fit
   */
  public BulkDeleteHandler(Class<?> type, Method method) {
    this.name = type.getSimpleName() + "." + method.getName();
    this.bulk = method.getAnnotation(BulkDeletes.class);
    if (method.getReturnType() != DeletedRows.class && method.getReturnType() != void.class) {
      throw ModelWrite.refuse(
          method, "must return DeletedRows (the rows deleted per model) or void");
    }
    try {
      this.key = ModelKey.of(bulk.value());
    } catch (IllegalArgumentException e) {
      throw ModelWrite.refuse(
          method, "deletes " + bulk.value().getSimpleName() + ", but " + e.getMessage());
    }
    this.returnsRows = method.getReturnType() == DeletedRows.class;
    this.plan = DeletePlan.of(method, bulk.value(), bulk.dependents());
    Parameter[] parameters = method.getParameters();
    this.names = new String[parameters.length];
    for (int i = 0; i < parameters.length; i++) {
      Bind bind = parameters[i].getAnnotation(Bind.class);
      names[i] =
          bind != null && !bind.value().isEmpty()
              ? bind.value()
              : parameters[i].isNamePresent() ? parameters[i].getName() : null;
    }
  }

  @Override
  public AttachedExtensionHandler attachTo(ConfigRegistry config, Object target) {
    return (handles, args) -> {
      Handle handle = handles.getHandle();
      SignalsConfig signalsConfig = handle.getConfig(SignalsConfig.class);
      Signals signals = signalsConfig.signals(name);
      DeletedRows deleted = handle.inTransaction(tx -> delete(tx, signals, signalsConfig, args));
      return returnsRows ? deleted : null;
    };
  }

  private DeletedRows delete(Handle handle, Signals signals, SignalsConfig config, Object[] args)
      throws Exception {
    Query select = handle.createQuery(bulk.select());
    for (int i = 0; i < args.length; i++) {
      select.bind(i, args[i]);
      if (names[i] != null) {
        select.bind(names[i], args[i]);
      }
    }
    Class<?> model = bulk.value();
    List<Object> roots =
        new ArrayList<>(
            select
                .registerRowMapper(
                    model.isRecord() ? ConstructorMapper.factory(model) : BeanMapper.factory(model))
                .mapTo(model)
                .list());
    DeleteCollector.sort(roots, key);
    DeleteCollector collector =
        new DeleteCollector(name, model, plan, bulk.robust(), handle, signals, config);
    Object origin = Collections.unmodifiableList(roots);
    Object deletedRoots =
        roots.isEmpty()
            ? 0
            : collector.delete(
                roots,
                origin,
                () -> {
                  int rows = 0;
                  for (Object root : roots) {
                    rows +=
                        DeleteCollector.bind(handle.createUpdate(bulk.delete()), root).execute();
                  }
                  return rows;
                });
    Map<Class<?>, Integer> counts = new LinkedHashMap<>(collector.counts());
    counts.put(model, (Integer) deletedRoots);
    return new DeletedRows(counts);
  }
}
