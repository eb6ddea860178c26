package dev.jsignals.dispatch;

import java.io.Serializable;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An asynchronous receiver, Django 5's {@code async def} receiver: it starts its work and returns a
 * {@link CompletionStage} at once; the value the stage completes with is the receiver's {@link
 * Response#value()}. Connect it with {@link Signal#connectAsync(ConnectOptions, AsyncListener)}.
 *
 * <ul>
 *   <li>{@link Signal#sendAsync(Object, Object)} and {@link Signal#sendAsyncRobust(Object, Object)}
 *       call every asynchronous receiver on the sending thread, in connection order, so that their
 *       stages run concurrently, and complete once every stage has.
 *   <li>{@link Signal#send(Object, Object)} waits for each stage before it calls the next receiver,
 *       as Django's {@code async_to_sync} does, at most {@link Signal#asyncTimeout()} per stage.
 * </ul>
 *
 * <p>The method runs on the sending thread: return the stage promptly and do the work in it. A
 * stage that fails is the receiver's failure, as a thrown exception is. Thread-safety is the
 * receiver's own. It is {@link Serializable} for the same reason as {@link Listener}: so that the
 * signal can tell what a lambda calls; the signal never serializes it.
 *
 * @param <E> the event type
 */
@FunctionalInterface
public interface AsyncListener<E> extends Serializable {

  /**
   * Starts handling one event.
   *
   * @param event the event that was sent, never {@code null}
   * @return the stage of the work, never {@code null}
   * @throws Exception whatever starting the work throws
   */
  CompletionStage<?> receive(E event) throws Exception;

  /**
   * Leaves a receiver's stage running without anyone waiting for it: a failure is logged at ERROR
   * under the receiver's name, as {@link Signal#sendRobust} logs one, and goes no further. Used for
   * {@code @Receiver(await = DETACH)} methods, whose write must not wait.
   *
   * @param receiverName the receiver's name, for the log
   * @param stage the stage the receiver returned; {@code null} is logged as a failure
   */
  static void detach(String receiverName, @Nullable CompletionStage<?> stage) {
    Logger log = LoggerFactory.getLogger(Signal.class);
    if (stage == null) {
      log.error("Detached receiver {} returned null instead of a CompletionStage", receiverName);
      return;
    }
    stage.whenComplete(
        (value, failure) -> {
          if (failure != null) {
            log.error("Detached receiver {} failed", receiverName, AsyncWait.unwrap(failure));
          }
        });
  }
}
