package dev.jsignals.core;

import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Sent after a model instance is saved: Django's {@code post_save}.
 *
 * @param sender the model class
 * @param instance the instance being saved
 * @param created {@code true} if the write inserted a new row
 * @param raw {@code true} when the instance is saved exactly as given (a fixture load): receivers
 *     should not query or modify other rows
 * @param using the database alias
 * @param updateFields the fields being updated, unmodifiable, or {@code null} for all fields
 * @param context the write that raised the event
 * @param <M> the model type
 *     <p>Immutable: {@code updateFields} is an unmodifiable copy; safe to hand to other threads as
 *     far as the instance is.
 */
public record PostSave<M>(
    Class<M> sender,
    M instance,
    boolean created,
    boolean raw,
    String using,
    @Nullable Set<String> updateFields,
    WriteContext context)
    implements ModelEvent<M> {

  /**
   * Checks that no argument is null and copies the sets.
   *
   * @param sender see {@link #sender()}
   * @param instance see {@link #instance()}
   * @param created see {@link #created()}
   * @param raw see {@link #raw()}
   * @param using see {@link #using()}
   * @param updateFields see {@link #updateFields()}
   * @param context see {@link #context()}
   * @throws NullPointerException naming the first null argument
   */
  public PostSave {
    Events.require(sender, "sender", "PostSave");
    Events.require(instance, "instance", "PostSave");
    Events.require(using, "using", "PostSave");
    Events.require(context, "context", "PostSave");
    updateFields = Events.copy(updateFields, "updateFields", "PostSave");
  }
}
