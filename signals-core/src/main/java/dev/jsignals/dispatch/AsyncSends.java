package dev.jsignals.dispatch;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The asynchronous half of {@link Signal}, Django 5's {@code asend} and {@code asend_robust}. Its
 * methods are documented as the signal's; {@link #sendAsync(Object, Object, Executor)} states the
 * contract of every asynchronous send.
 *
 * @param <E> the event type
 */
abstract class AsyncSends<E> extends SignalReceivers<E> {
  private volatile Duration asyncTimeout = Duration.ofSeconds(30);

  AsyncSends() {}

  /**
   * How long a synchronous {@link Signal#send} waits for one asynchronous receiver's stage (30
   * seconds unless set). When it is exceeded, the stage is cancelled and the send fails with a
   * {@link SignalException} naming the receiver ({@code sendRobust} records it as the receiver's
   * error).
   *
   * @return the bound
   */
  public Duration asyncTimeout() {
    return asyncTimeout;
  }

  /**
   * Sets {@link #asyncTimeout()}, for the sends that start after this call.
   *
   * @param timeout the bound, positive
   * @throws IllegalArgumentException if it is zero or negative
   */
  public void asyncTimeout(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isZero() || timeout.isNegative()) {
      throw new IllegalArgumentException("asyncTimeout must be positive, was " + timeout);
    }
    this.asyncTimeout = timeout;
  }

  /**
   * Sends an event asynchronously, as Django's {@code asend}; the synchronous receivers run on the
   * default executor: a virtual thread per send on JDK 21 and later, a bounded pool of daemon
   * threads ({@code jsignals-async-N}) on JDK 17. See {@link #sendAsync(Object, Object, Executor)}
   * for what it does.
   *
   * @param sender the sender
   * @param event the event
   * @return the responses in connection order, or the first failure
   */
  public CompletableFuture<List<Response>> sendAsync(Object sender, E event) {
    return sendAsync(sender, event, AsyncExecutor.DEFAULT);
  }

  /**
   * Sends an event asynchronously, running the synchronous receivers on {@code executor}.
   *
   * <p><b>What an asynchronous send does.</b> It picks the receivers of the sender from the current
   * snapshot, then calls every {@link AsyncListener} on the sending thread, in connection order, so
   * that their stages run concurrently, and runs the synchronous receivers in connection order, one
   * after the other, as one task on the executor. The returned future completes when all have: with
   * the responses in connection order (not Django's "synchronous ones first"), an asynchronous
   * receiver's response being the value its stage completed with.
   *
   * <p><b>Failures.</b> {@code sendAsync} completes exceptionally with the first failure to happen
   * (unchecked exceptions and errors as they are, checked ones in a {@link SignalException} naming
   * the receiver) and then stops what is outstanding, as cancelling does. {@code sendAsyncRobust}
   * puts each receiver's {@link Exception} in its {@link Response#error()}, logs it, and completes
   * with every response; {@link Error}s and recursion stops still fail the future.
   *
   * <p><b>Cancellation and timeouts.</b> Once the returned future is completed by anyone but the
   * send (cancelled, {@link CompletableFuture#orTimeout timed out}, completed by the caller), the
   * send cancels the stages of the asynchronous receivers still running and calls no further
   * synchronous receiver; a synchronous receiver already running finishes. Cancelling a stage
   * completes it as cancelled; whether the work behind it stops is up to whoever made the stage, as
   * with any {@link CompletableFuture}. A plain {@link Signal#send} waits for each asynchronous
   * receiver at most {@link #asyncTimeout()}.
   *
   * <p><b>Mutes, captures, recursion.</b> A signal muted on the sending thread sends nothing and
   * records the send in the mute's capture, as {@code send} does. A {@link Signal#capture()} is a
   * synchronous receiver and records asynchronous sends too. The recursion guard counts the send on
   * the sending thread while the asynchronous receivers are called, and on the executor's thread
   * while the synchronous ones run: a receiver that re-sends from either is stopped at the limit; a
   * re-send from a stage's continuation on some other thread starts a chain of its own.
   *
   * @param sender the sender
   * @param event the event
   * @param executor where the synchronous receivers run
   * @return the responses in connection order, or the first failure
   */
  public CompletableFuture<List<Response>> sendAsync(Object sender, E event, Executor executor) {
    return AsyncSend.start(self(), sender, event, executor, false);
  }

  /**
   * Sends an event asynchronously to every receiver even if some fail, as Django's {@code
   * asend_robust}, on the default executor (see {@link #sendAsync(Object, Object)} and {@link
   * #sendAsync(Object, Object, Executor)}).
   *
   * @param sender the sender
   * @param event the event
   * @return the response or error of each receiver, in connection order
   */
  public CompletableFuture<List<Response>> sendAsyncRobust(Object sender, E event) {
    return sendAsyncRobust(sender, event, AsyncExecutor.DEFAULT);
  }

  /**
   * Sends an event asynchronously to every receiver even if some fail, running the synchronous
   * receivers on {@code executor}.
   *
   * @param sender the sender
   * @param event the event
   * @param executor where the synchronous receivers run
   * @return the response or error of each receiver, in connection order
   */
  public CompletableFuture<List<Response>> sendAsyncRobust(
      Object sender, E event, Executor executor) {
    return AsyncSend.start(self(), sender, event, executor, true);
  }
}
