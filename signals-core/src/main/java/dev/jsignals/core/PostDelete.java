package dev.jsignals.core;

/**
 * Sent after a model instance is deleted: Django's {@code post_delete}.
 *
 * @param sender the model class
 * @param instance the instance being deleted
 * @param using the database alias
 * @param origin what the caller deleted: the instance itself, or the instance whose delete cascaded
 *     to this one
 * @param context the write that raised the event
 * @param <M> the model type
 *     <p>Immutable; safe to hand to other threads as far as the instance is.
 */
public record PostDelete<M>(
    Class<M> sender, M instance, String using, Object origin, WriteContext context)
    implements ModelEvent<M> {

  /**
   * Checks that no argument is null and copies the sets.
   *
   * @param sender see {@link #sender()}
   * @param instance see {@link #instance()}
   * @param using see {@link #using()}
   * @param origin see {@link #origin()}
   * @param context see {@link #context()}
   * @throws NullPointerException naming the first null argument
   */
  public PostDelete {
    Events.require(sender, "sender", "PostDelete");
    Events.require(instance, "instance", "PostDelete");
    Events.require(using, "using", "PostDelete");
    Events.require(origin, "origin", "PostDelete");
    Events.require(context, "context", "PostDelete");
  }
}
