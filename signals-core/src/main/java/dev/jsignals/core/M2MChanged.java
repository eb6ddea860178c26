package dev.jsignals.core;

import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Sent when a many-to-many relation of an instance changes: Django's {@code m2m_changed}.
 *
 * @param sender the join (through) type describing the relation, not the model class
 * @param instance the instance whose relation changes
 * @param action which change, and whether before or after it: one of Django's six strings, {@link
 *     #PRE_ADD} to {@link #POST_CLEAR}, so that {@code switch (e.action()) { case
 *     M2MChanged.POST_ADD -> ... }} reads as Django's {@code if action == "post_add"}
 * @param reverse {@code false} when the relation is changed from its forward side (the side that
 *     declares it), {@code true} from the other side
 * @param model the class of the objects added to, removed from or cleared from the relation
 * @param pkSet the primary keys concerned, unmodifiable: on add only those not already related; on
 *     remove those given; {@code null} on clear
 * @param using the database alias
 * @param context the write that raised the event
 * @param <M> the type of {@code instance}
 *     <p>Immutable: {@code pkSet} is an unmodifiable copy; safe to hand to other threads as far as
 *     the instance is.
 */
public record M2MChanged<M>(
    Class<?> sender,
    M instance,
    String action,
    boolean reverse,
    Class<?> model,
    @Nullable Set<Object> pkSet,
    String using,
    WriteContext context)
    implements ModelEvent<M> {

  /**
   * Checks that no argument is null and copies the sets.
   *
   * @param sender see {@link #sender()}
   * @param instance see {@link #instance()}
   * @param action see {@link #action()}
   * @param reverse see {@link #reverse()}
   * @param model see {@link #model()}
   * @param pkSet see {@link #pkSet()}
   * @param using see {@link #using()}
   * @param context see {@link #context()}
   * @throws NullPointerException naming the first null argument
   * @throws IllegalArgumentException if {@code action} is not one of {@link #ACTIONS}
   */
  public M2MChanged {
    Events.require(sender, "sender", "M2MChanged");
    Events.require(instance, "instance", "M2MChanged");
    Events.require(action, "action", "M2MChanged");
    if (!ACTIONS.contains(action)) {
      throw new IllegalArgumentException(
          "M2MChanged.action must be one of " + ACTIONS + ", was '" + action + "'");
    }
    Events.require(model, "model", "M2MChanged");
    Events.require(using, "using", "M2MChanged");
    Events.require(context, "context", "M2MChanged");
    pkSet = Events.copy(pkSet, "pkSet", "M2MChanged");
  }

  /** Django's {@code "pre_add"}: before ids are added to the relation. */
  public static final String PRE_ADD = "pre_add";

  /** Django's {@code "post_add"}: after ids were added. */
  public static final String POST_ADD = "post_add";

  /** Django's {@code "pre_remove"}: before ids are removed. */
  public static final String PRE_REMOVE = "pre_remove";

  /** Django's {@code "post_remove"}: after ids were removed. */
  public static final String POST_REMOVE = "post_remove";

  /** Django's {@code "pre_clear"}: before the relation is cleared. */
  public static final String PRE_CLEAR = "pre_clear";

  /** Django's {@code "post_clear"}: after the relation was cleared. */
  public static final String POST_CLEAR = "post_clear";

  /** The six actions, in Django's order. */
  public static final List<String> ACTIONS =
      List.of(PRE_ADD, POST_ADD, PRE_REMOVE, POST_REMOVE, PRE_CLEAR, POST_CLEAR);

  /**
   * Tells whether the event comes before the change (Django's {@code action.startswith("pre_")}).
   *
   * @return {@code true} for {@link #PRE_ADD}, {@link #PRE_REMOVE} and {@link #PRE_CLEAR}
   */
  public boolean isPre() {
    return action.startsWith("pre_");
  }
}
