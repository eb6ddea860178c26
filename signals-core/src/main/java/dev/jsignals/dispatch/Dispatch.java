package dev.jsignals.dispatch;

import java.lang.ref.WeakReference;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dispatch loop of one send: calls the matching entries of a snapshot in order, stops at or
 * records their failures, and builds the list of responses. Stateless; thread-safe.
 */
final class Dispatch {
  private static final Logger log = LoggerFactory.getLogger(Signal.class);

  private Dispatch() {}

  /** Runs a send inside the recursion guard of the calling thread. */
  static List<Response> guarded(
      Signal<?> signal,
      Snapshot snapshot,
      Object sender,
      Object subject,
      Object event,
      boolean robust,
      @Nullable UnaryOperator<Callable<@Nullable Object>> isolation) {
    DispatchStack stack = DispatchStack.current();
    int frame = stack.enter(signal, sender, subject);
    try {
      return loop(signal, snapshot, sender, event, robust, isolation);
    } finally {
      stack.exit(frame);
    }
  }

  /** Calls the entries of {@code snapshot} that listen to {@code sender}. */
  static List<Response> loop(
      Signal<?> signal,
      Snapshot snapshot,
      Object sender,
      Object event,
      boolean robust,
      @Nullable UnaryOperator<Callable<@Nullable Object>> isolation) {
    if (isolation == null && snapshot.listeners != null) {
      return plain(signal, snapshot, sender, event, robust);
    }
    SignalInterceptor interceptor = snapshot.interceptor;
    if (interceptor != null) {
      return interceptor.aroundSend(
          signal,
          sender,
          event,
          () ->
              loopFrom(
                  signal,
                  snapshot.entries,
                  sender,
                  event,
                  robust,
                  isolation,
                  interceptor,
                  0,
                  null));
    }
    return loopFrom(signal, snapshot.entries, sender, event, robust, isolation, null, 0, null);
  }

  /**
   * Calls one entry, through the interceptor when there is one (not for captures), and through the
   * isolation around that.
   */
  static @Nullable Object call(
      Entry entry,
      Object sender,
      Object event,
      @Nullable UnaryOperator<Callable<@Nullable Object>> isolation,
      @Nullable SignalInterceptor interceptor)
      throws Exception {
    Callable<@Nullable Object> call =
        interceptor == null || entry.isCapture()
            ? () -> entry.invoke(sender, event)
            : () ->
                interceptor.aroundReceiver(entry, sender, event, () -> entry.invoke(sender, event));
    return isolation == null ? call.call() : isolation.apply(call).call();
  }

  /**
   * The loop of a send to plain listeners, the common shape, kept as tight as a loop of interface
   * calls. When every receiver listens to the same sender (or to any), the sender is tested once
   * and the loop is the direct loop; else each receiver's weakly held sender is tested ({@code
   * refersTo} makes no strong reference) before its call. The response list of a send that called
   * every receiver is made once per snapshot. A failure hands over to the general loop after the
   * failed receiver.
   */
  private static List<Response> plain(
      Signal<?> signal, Snapshot snapshot, Object sender, Object event, boolean robust) {
    Listener<Object>[] listeners = snapshot.listeners;
    WeakReference<Object>[] senders = snapshot.senders;
    long mask = 0L;
    int i = 0;
    try {
      WeakReference<Object> one = snapshot.oneSender;
      if (one != null ? one.refersTo(sender) : snapshot.anySender) {
        // Every receiver listens to this sender: the direct loop, one sender test in all.
        for (; i < listeners.length; i++) {
          listeners[i].receive(event);
        }
        return snapshot.allSilent;
      }
      for (; i < listeners.length; i++) {
        WeakReference<Object> from = senders[i];
        if (from == null || from.refersTo(sender)) {
          listeners[i].receive(event);
          mask |= 1L << i;
        }
      }
    } catch (Exception e) {
      Entry[] entries = snapshot.entries;
      Exception error = failure(signal, entries[i], sender, e, robust);
      SendResult result = SendResult.explicitUpTo(entries, sender, i);
      result.add(i, null, error);
      return loopFrom(signal, entries, sender, event, robust, null, null, i + 1, result);
    }
    if (mask == snapshot.all) {
      return snapshot.allSilent;
    }
    return mask == 0L ? List.of() : signal.registry().implicit(snapshot.entries, mask);
  }

  /** The general loop, over entries of every shape, from {@code start}. */
  private static List<Response> loopFrom(
      Signal<?> signal,
      Entry[] snapshot,
      Object sender,
      Object event,
      boolean robust,
      @Nullable UnaryOperator<Callable<@Nullable Object>> isolation,
      @Nullable SignalInterceptor interceptor,
      int start,
      @Nullable SendResult result) {
    long mask = 0L;
    for (int i = start; i < snapshot.length; i++) {
      Entry entry = snapshot[i];
      if (!entry.matches(sender)) {
        continue;
      }
      Object value;
      Exception error = null;
      try {
        value =
            isolation == null && interceptor == null
                ? entry.invoke(sender, event)
                : call(entry, sender, event, isolation, interceptor);
      } catch (Exception e) {
        value = null;
        error = failure(signal, entry, sender, e, robust);
      }
      if (result == null && (value != null || error != null)) {
        result = SendResult.explicitUpTo(snapshot, sender, i);
      }
      if (value != Entry.DEAD && result != null) {
        result.add(i, value, error);
      }
      mask |= 1L << i;
    }
    if (result != null) {
      return result;
    }
    if (mask == 0L) {
      return List.of();
    }
    if (snapshot.length > Long.SIZE) {
      return SendResult.explicitUpTo(snapshot, sender, snapshot.length);
    }
    return signal.registry().implicit(snapshot, mask);
  }

  /**
   * What a receiver's exception does: a recursion stop gains a frame and propagates, as does any
   * exception of a send that is not robust; a robust send logs it and records it as the response.
   */
  private static Exception failure(
      Signal<?> signal, Entry entry, Object sender, Exception e, boolean robust) {
    if (e instanceof RecursionStop stop) {
      stop.addFrame(signal.name(), sender, entry.receiver());
      throw stop;
    }
    if (!robust) {
      throw propagate(signal, entry, e);
    }
    log.error("Receiver {} of signal '{}' failed", entry.receiver(), signal.name(), e);
    return e;
  }

  private static RuntimeException propagate(Signal<?> signal, Entry entry, Exception e) {
    if (e instanceof RuntimeException unchecked) {
      return unchecked;
    }
    return new SignalException(
        "Receiver " + entry.receiver() + " of signal '" + signal.name() + "' threw " + e, e);
  }
}
