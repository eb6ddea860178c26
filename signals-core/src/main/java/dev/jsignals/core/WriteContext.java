package dev.jsignals.core;

import java.util.Optional;

/**
 * The database write that raised a model event, seen from a receiver without signals-core depending
 * on a database library. signals-jdbi implements it over the Jdbi {@code Handle} that performs the
 * write; {@link #NONE} stands for events sent by hand. Implementations are confined to the thread
 * of the write that raised the event unless they say otherwise.
 *
 * <p>Receivers write through this context so that their writes join the transaction of the write
 * that fired them.
 */
public interface WriteContext {

  /**
   * The context of an event that no database write raised: {@link #attach} fails, {@link #onCommit}
   * runs the hook at once, {@link #unwrap} finds nothing.
   */
  WriteContext NONE = NoWrite.INSTANCE;

  /**
   * Gives an extension (a Jdbi SQL Object DAO, for instance) bound to the write's connection and
   * transaction.
   *
   * @param extensionType the extension interface
   * @param <T> the extension type
   * @return the extension
   * @throws IllegalStateException if the event was not raised by a database write
   */
  <T> T attach(Class<T> extensionType);

  /**
   * Runs a hook after the outermost transaction commits, never after a rollback (Django's {@code
   * transaction.on_commit}). With no transaction open it runs at once. Hooks run in order; one that
   * throws is logged and does not stop the others.
   *
   * @param hook the side effect, such as sending an e-mail
   */
  void onCommit(Runnable hook);

  /**
   * Gives the underlying object of the write, such as the Jdbi {@code Handle}.
   *
   * @param type the type wanted
   * @param <T> that type
   * @return the object, or empty if this context has none of that type
   */
  <T> Optional<T> unwrap(Class<T> type);
}
