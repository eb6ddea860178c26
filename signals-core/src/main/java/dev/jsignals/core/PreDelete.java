package dev.jsignals.core;

/**
 * Sent before a model instance is deleted: Django's {@code pre_delete}.
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
public record PreDelete<M>(
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
  public PreDelete {
    Events.require(sender, "sender", "PreDelete");
    Events.require(instance, "instance", "PreDelete");
    Events.require(using, "using", "PreDelete");
    Events.require(origin, "origin", "PreDelete");
    Events.require(context, "context", "PreDelete");
  }
}
