package dev.jsignals.jdbi;

import dev.jsignals.core.ModelEvent;
import org.jdbi.v3.core.Handle;

/** Jdbi helpers for receivers. */
public final class JdbiSignals {
  private JdbiSignals() {}

  /**
   * The handle that performs the write which raised an event. Write through it (or through {@code
   * event.attach(Dao.class)}) so that the receiver's writes join the write's transaction; on
   * SQLite, a second connection on the same thread would wait for this one forever.
   *
   * @param event an event raised by an annotated DAO method
   * @return the handle
   * @throws IllegalStateException if the event was not raised through Jdbi
   */
  public static Handle handle(ModelEvent<?> event) {
    return event
        .context()
        .unwrap(Handle.class)
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "This "
                        + event.getClass().getSimpleName()
                        + " was not raised by a Jdbi write (its context is "
                        + event.context()
                        + "), so it has no handle."));
  }
}
