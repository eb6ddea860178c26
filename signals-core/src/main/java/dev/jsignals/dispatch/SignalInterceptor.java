package dev.jsignals.dispatch;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Wraps the sends of a signal and each receiver call they make, to time, trace or log them (the
 * Spring Boot starter records Micrometer observations with one). Installed with {@link
 * Signal#intercept(SignalInterceptor)} or, for a whole set, {@code Signals#intercept}. A signal
 * without one pays nothing for the possibility: its sends take the same path as before.
 *
 * <pre>{@code
 * signals.intercept(new SignalInterceptor() {
 *   public List<Response> aroundSend(Signal<?> signal, Object sender, Object event,
 *       Supplier<List<Response>> send) {
 *     long start = System.nanoTime();
 *     try { return send.get(); } finally { log.info("{} took {} ns", signal.name(), System.nanoTime() - start); }
 *   }
 * });
 * }</pre>
 *
 * <p><b>What is wrapped.</b> {@link Signal#send} and {@link Signal#sendRobust} that reach at least
 * one connection call {@link #aroundSend} once, on the sending thread, inside the recursion guard;
 * inside it, each receiver called goes through {@link #aroundReceiver}, on the thread that calls
 * it. A send that is muted or finds no connection is not wrapped, nor are the receivers a {@link
 * Signal#capture() capture} records with. An asynchronous send does not call {@code aroundSend};
 * its synchronous receivers go through {@code aroundReceiver} on the executor's thread, its {@link
 * AsyncListener}s (whose work runs later, elsewhere) do not. In a robust send a receiver's
 * exception passes through {@code aroundReceiver} before the send records it; {@link
 * Signal#sendRobust(Object, Object, java.util.function.UnaryOperator) isolation} wraps the
 * intercepted call, so a savepoint covers the interceptor's work too.
 *
 * <p><b>The contract of an implementation.</b> Call the given {@code send} or {@code call} exactly
 * once, on the thread the method was called on, and return what it returned or let what it threw
 * propagate unchanged (an interceptor may record the exception on its way out). Anything else (not
 * proceeding, proceeding twice, swallowing an exception, returning another value) changes what the
 * signal does and is not supported. An exception thrown by the interceptor itself propagates as a
 * receiver's would.
 *
 * <p><b>Thread-safety.</b> Implementations must be thread-safe: concurrent sends call them
 * concurrently. Installing or removing an interceptor applies from the next send, as a connect
 * does.
 */
public interface SignalInterceptor {

  /**
   * Wraps one send. The default proceeds.
   *
   * @param signal the signal sent
   * @param sender the sender given to the send
   * @param event the event
   * @param send runs the send's receivers and gives their responses; call it once
   * @return what {@code send} returned
   */
  default List<Response> aroundSend(
      Signal<?> signal, Object sender, Object event, Supplier<List<Response>> send) {
    return send.get();
  }

  /**
   * Wraps one receiver call. The default proceeds.
   *
   * @param receiver the connection called: its {@link Connection#signal() signal}, {@link
   *     Connection#receiver() receiver name} and {@link Connection#dispatchUid() uid}
   * @param sender the sender given to the send
   * @param event the event
   * @param call calls the receiver and gives its response; call it once
   * @return what {@code call} returned
   * @throws Exception what {@code call} threw
   */
  default @Nullable Object aroundReceiver(
      Connection receiver, Object sender, Object event, Callable<@Nullable Object> call)
      throws Exception {
    return call.call();
  }
}
