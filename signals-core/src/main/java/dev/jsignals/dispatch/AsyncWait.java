package dev.jsignals.dispatch;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * How a synchronous {@link Signal#send} meets an asynchronous receiver (Django's {@code
 * async_to_sync}): it waits for the receiver's stage, at most the signal's {@link
 * Signal#asyncTimeout()}, and cancels the stage when it stops waiting. Stateless; thread-safe.
 */
final class AsyncWait {
  private AsyncWait() {}

  /** Calls an asynchronous receiver and waits for its stage; returns the stage's value. */
  static @Nullable Object join(Entry entry, AsyncListener<Object> receiver, Object event)
      throws Exception {
    CompletableFuture<?> stage = started(entry, receiver.receive(event));
    Duration bound = entry.signal.asyncTimeout();
    try {
      return stage.get(bound.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      stage.cancel(true);
      throw new SignalException(
          "Asynchronous receiver "
              + entry.receiver()
              + " of signal '"
              + entry.signal.name()
              + "' did not complete within "
              + bound
              + " (the signal's asyncTimeout) during a synchronous send; its stage was cancelled."
              + " Raise the signal's asyncTimeout, or send with sendAsync.",
          e);
    } catch (InterruptedException e) {
      stage.cancel(true);
      Thread.currentThread().interrupt();
      throw new SignalException(
          "Interrupted while waiting for asynchronous receiver "
              + entry.receiver()
              + " of signal '"
              + entry.signal.name()
              + "'; its stage was cancelled",
          e);
    } catch (ExecutionException e) {
      Throwable cause = unwrap(e);
      if (cause instanceof Exception failure) {
        throw failure;
      }
      throw (Error) cause;
    }
  }

  /** The stage a receiver returned, as a future; a null stage is the receiver's error. */
  static CompletableFuture<?> started(Entry entry, @Nullable CompletionStage<?> stage) {
    if (stage == null) {
      throw new SignalException(
          "Asynchronous receiver "
              + entry.receiver()
              + " of signal '"
              + entry.signal.name()
              + "' returned null instead of a CompletionStage");
    }
    return stage.toCompletableFuture();
  }

  /** The failure a stage stands for, without the wrappers futures add around it. */
  static Throwable unwrap(Throwable failure) {
    Throwable cause = failure;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }
}
