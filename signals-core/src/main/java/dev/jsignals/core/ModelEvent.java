package dev.jsignals.core;

/**
 * The common shape of the five model events: who sent it, for which instance, on which database.
 *
 * @param <M> the model type
 *     <p>Sealed: the five model event records are its only implementations, all immutable.
 */
public sealed interface ModelEvent<M> permits PreSave, PostSave, PreDelete, PostDelete, M2MChanged {

  /**
   * The sender: the model class for saves and deletes, the join (through) type for {@link
   * M2MChanged}.
   *
   * @return the sender, matched by identity against each receiver's sender
   */
  Class<?> sender();

  /**
   * The model instance being written.
   *
   * @return the instance
   */
  M instance();

  /**
   * The alias of the database being written (Django's {@code using}), {@code "default"} unless
   * configured.
   *
   * @return the alias
   */
  String using();

  /**
   * The write that raised the event; {@link WriteContext#NONE} for an event sent by hand.
   *
   * @return the context
   */
  WriteContext context();

  /**
   * Shorthand for {@code context().attach(extensionType)}: a DAO on the write's own connection and
   * transaction.
   *
   * @param extensionType the DAO interface
   * @param <T> the DAO type
   * @return the DAO
   * @throws IllegalStateException if the event was sent by hand
   */
  default <T> T attach(Class<T> extensionType) {
    return context().attach(extensionType);
  }

  /**
   * Shorthand for {@code context().onCommit(hook)}.
   *
   * @param hook runs after the outermost commit, never after a rollback
   */
  default void onCommit(Runnable hook) {
    context().onCommit(hook);
  }
}
