package dev.jsignals.core;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * The receiver mutes of one {@link Signals} instance: every {@link Receiver} method asks it, by its
 * name, before it runs. Mutes are per thread; a call costs one volatile read while no mute is open
 * anywhere. Thread-safe.
 */
final class ReceiverGate implements Predicate<String> {
  /** Receiver mutes open on any thread, of any instance. */
  private static final AtomicInteger ACTIVE = new AtomicInteger();

  private final ThreadLocal<List<Mute>> mutes = ThreadLocal.withInitial(ArrayList::new);

  /** One open mute; compared by identity. */
  private static final class Mute {
    final Predicate<? super String> names;

    Mute(Predicate<? super String> names) {
      this.names = names;
    }
  }

  /** {@return whether the receiver of this name is muted on the current thread} */
  @Override
  public boolean test(String receiverName) {
    if (ACTIVE.get() == 0) {
      return false;
    }
    for (Mute mute : mutes.get()) {
      if (mute.names.test(receiverName)) {
        return true;
      }
    }
    return false;
  }

  AutoCloseable mute(Predicate<? super String> names) {
    Mute mute = new Mute(names);
    Thread owner = Thread.currentThread();
    mutes.get().add(mute);
    ACTIVE.incrementAndGet();
    AtomicBoolean closed = new AtomicBoolean();
    return () -> {
      if (Thread.currentThread() != owner) {
        throw new IllegalStateException(
            "A receiver mute must be closed on the thread that opened it, " + owner.getName());
      }
      if (closed.compareAndSet(false, true)) {
        List<Mute> open = mutes.get();
        open.removeIf(m -> m == mute);
        if (open.isEmpty()) {
          mutes.remove();
        }
        ACTIVE.decrementAndGet();
      }
    };
  }
}
