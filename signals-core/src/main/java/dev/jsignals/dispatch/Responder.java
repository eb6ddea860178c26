package dev.jsignals.dispatch;

import org.jspecify.annotations.Nullable;

/**
 * A receiver that answers: its return value becomes the {@link Response#value()} of the {@link
 * Response} that {@link Signal#send} returns for it, as a Django receiver's return value does.
 *
 * @param <E> the event type
 */
@FunctionalInterface
public interface Responder<E> {

  /**
   * Handles one event and answers.
   *
   * @param event the event that was sent, never {@code null}
   * @return the response, or {@code null}
   * @throws Exception whatever the receiver's work throws
   */
  @Nullable Object respond(E event) throws Exception;
}
