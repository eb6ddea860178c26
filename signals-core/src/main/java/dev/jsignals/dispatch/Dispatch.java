package dev.jsignals.dispatch;

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
      Entry[] snapshot,
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
      Entry[] snapshot,
      Object sender,
      Object event,
      boolean robust,
      @Nullable UnaryOperator<Callable<@Nullable Object>> isolation) {
    SendResult result = null;
    long mask = 0L;
    for (int i = 0; i < snapshot.length; i++) {
      Entry entry = snapshot[i];
      if (!entry.matches(sender)) {
        continue;
      }
      Object value;
      Exception error = null;
      try {
        value =
            isolation == null
                ? entry.invoke(sender, event)
                : isolation.apply(() -> entry.invoke(sender, event)).call();
      } catch (RecursionStop e) {
        e.addFrame(signal.name(), sender, entry.receiver());
        throw e;
      } catch (Exception e) {
        if (!robust) {
          throw propagate(signal, entry, e);
        }
        log.error("Receiver {} of signal '{}' failed", entry.receiver(), signal.name(), e);
        value = null;
        error = e;
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

  private static RuntimeException propagate(Signal<?> signal, Entry entry, Exception e) {
    if (e instanceof RuntimeException unchecked) {
      return unchecked;
    }
    return new SignalException(
        "Receiver " + entry.receiver() + " of signal '" + signal.name() + "' threw " + e, e);
  }
}
