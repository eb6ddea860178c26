package dev.jsignals.core;

import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Sent when a many-to-many relation of an instance changes: Django's {@code m2m_changed}.
 *
 * @param sender the join (through) type describing the relation, not the model class
 * @param instance the instance whose relation changes
 * @param action which change, and whether before or after it
 * @param reverse {@code false} when the relation is changed from its forward side (the side that
 *     declares it), {@code true} from the other side
 * @param model the class of the objects added to, removed from or cleared from the relation
 * @param pkSet the primary keys concerned, unmodifiable: on add only those not already related; on
 *     remove those given; {@code null} on clear
 * @param using the database alias
 * @param context the write that raised the event
 * @param <M> the type of {@code instance}
 */
public record M2MChanged<M>(
    Class<?> sender,
    M instance,
    Action action,
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
   */
  public M2MChanged {
    Events.require(sender, "sender", "M2MChanged");
    Events.require(instance, "instance", "M2MChanged");
    Events.require(action, "action", "M2MChanged");
    Events.require(model, "model", "M2MChanged");
    Events.require(using, "using", "M2MChanged");
    Events.require(context, "context", "M2MChanged");
    pkSet = Events.copy(pkSet, "pkSet", "M2MChanged");
  }

  /** The six kinds of {@link M2MChanged}, Django's {@code action} strings. */
  public enum Action {
    /** Before ids are added to the relation. */
    PRE_ADD,
    /** After ids were added. */
    POST_ADD,
    /** Before ids are removed. */
    PRE_REMOVE,
    /** After ids were removed. */
    POST_REMOVE,
    /** Before the relation is cleared. */
    PRE_CLEAR,
    /** After the relation was cleared. */
    POST_CLEAR;

    /**
     * Tells whether this is one of the three {@code PRE_} actions.
     *
     * @return {@code true} before the change
     */
    public boolean isPre() {
      return this == PRE_ADD || this == PRE_REMOVE || this == PRE_CLEAR;
    }
  }
}
