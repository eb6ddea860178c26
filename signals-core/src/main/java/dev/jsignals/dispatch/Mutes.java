package dev.jsignals.dispatch;

/**
 * Opening, closing and consulting the per-thread mutes of signals; see {@link Signal#mute()}. A
 * send consults its thread's mutes only while some thread has one open. Thread-safe; each mute is
 * confined to the thread that opened it.
 */
final class Mutes {
  private Mutes() {}

  /** Records the send in the innermost mute of the signal on this thread, if any. */
  static boolean held(Signal<?> signal, Object sender, Object event) {
    SignalCapture<?> capture = DispatchStack.current().mutedBy(signal);
    if (capture == null) {
      return false;
    }
    capture.record(sender, event);
    return true;
  }

  static <E> SignalCapture<E> open(Signal<E> signal) {
    DispatchStack stack = DispatchStack.current();
    SignalCapture<E> capture = new SignalCapture<>();
    capture.onClose(new Closer(signal, stack));
    stack.mute(signal, capture);
    return capture;
  }

  /** Closes one mute on the thread that opened it, once. */
  private static final class Closer implements Runnable {
    private final Signal<?> signal;
    private final DispatchStack stack;
    private boolean closed;

    Closer(Signal<?> signal, DispatchStack stack) {
      this.signal = signal;
      this.stack = stack;
    }

    @Override
    public void run() {
      if (closed) {
        return;
      }
      if (DispatchStack.current() != stack) {
        throw new IllegalStateException(
            "Close the mute of signal '"
                + signal.name()
                + "' on the thread that opened it: muting is per thread");
      }
      closed = true;
      stack.unmute(signal);
    }
  }
}
