package dev.jsignals.jdbi.internal;

import dev.jsignals.jdbi.Deletes;
import dev.jsignals.jdbi.Deletes.OnDelete;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The dependents of a {@code @Deletes} method, checked when the DAO is attached: each with its
 * parent and depth, in the order they are collected (parents first) and the order Django's
 * collector sends their signals (deepest models first). Immutable.
 */
record DeletePlan(List<Step> collect, List<Step> signalOrder) {

  /** One dependent: its declaration, its parent model ({@code null}: the instance), its depth. */
  record Step(
      Deletes.Dependent dependent,
      Class<?> model,
      @Nullable Class<?> parent,
      int depth,
      @Nullable ModelKey key) {}

  static DeletePlan of(Method method, Class<?> root, Deletes.Dependent[] dependents) {
    Map<Class<?>, Integer> index = new HashMap<>();
    for (int i = 0; i < dependents.length; i++) {
      Class<?> model = dependents[i].model();
      if (model == root || index.put(model, i) != null) {
        throw ModelWrite.refuse(
            method, "declares " + model.getSimpleName() + " more than once in its delete");
      }
      check(method, dependents[i]);
    }
    List<Step> steps = new ArrayList<>();
    for (Deletes.Dependent dependent : dependents) {
      Set<Class<?>> chain = new LinkedHashSet<>();
      chain.add(dependent.model());
      int depth = 1;
      Class<?> parent = dependent.of();
      while (parent != Void.class && parent != root) {
        Integer at = index.get(parent);
        if (at == null) {
          throw ModelWrite.refuse(
              method,
              "declares "
                  + dependent.model().getSimpleName()
                  + " of "
                  + parent.getSimpleName()
                  + ", which is neither "
                  + root.getSimpleName()
                  + " nor one of its dependents");
        }
        if (dependents[at].onDelete() != OnDelete.CASCADE) {
          throw ModelWrite.refuse(
              method,
              "declares "
                  + dependent.model().getSimpleName()
                  + " of "
                  + parent.getSimpleName()
                  + ", which is "
                  + dependents[at].onDelete()
                  + ": only CASCADE dependents have dependents of their own");
        }
        if (!chain.add(parent)) {
          throw ModelWrite.refuse(
              method,
              "declares dependents that form a cycle: "
                  + chain.stream().map(Class::getSimpleName).collect(Collectors.joining(" -> "))
                  + " -> "
                  + parent.getSimpleName());
        }
        parent = dependents[at].of();
        depth++;
      }
      Class<?> of = dependent.of();
      Class<?> parentModel = of == Void.class || of == root ? null : of;
      ModelKey key = dependent.onDelete() == OnDelete.SET_NULL ? null : key(method, dependent);
      steps.add(new Step(dependent, dependent.model(), parentModel, depth, key));
    }
    List<Step> collect = steps.stream().sorted(Comparator.comparingInt(Step::depth)).toList();
    List<Step> signalOrder =
        steps.stream()
            .filter(s -> s.dependent().onDelete() == OnDelete.CASCADE)
            .sorted(Comparator.comparingInt(Step::depth).reversed())
            .toList();
    return new DeletePlan(collect, signalOrder);
  }

  private static void check(Method method, Deletes.Dependent dependent) {
    OnDelete rule = dependent.onDelete();
    String name = dependent.model().getSimpleName();
    if (rule != OnDelete.SET_NULL && dependent.select().isBlank()) {
      throw ModelWrite.refuse(
          method,
          "declares " + name + " " + rule + " without a select: add select = \"SELECT ...\"");
    }
    if (rule != OnDelete.PROTECT && dependent.delete().isBlank()) {
      throw ModelWrite.refuse(
          method,
          "declares "
              + name
              + " "
              + rule
              + " without its statement: add delete = \""
              + (rule == OnDelete.SET_NULL ? "UPDATE ... SET ... = NULL" : "DELETE FROM")
              + " ... WHERE ... = :id\"");
    }
  }

  private static ModelKey key(Method method, Deletes.Dependent dependent) {
    try {
      return ModelKey.of(dependent.model());
    } catch (IllegalArgumentException e) {
      throw ModelWrite.refuse(
          method, "deletes " + dependent.model().getSimpleName() + ", but " + e.getMessage());
    }
  }
}
