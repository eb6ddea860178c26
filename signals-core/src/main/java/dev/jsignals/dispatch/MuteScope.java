package dev.jsignals.dispatch;

/** Closes a mute of one signal on the thread that opened it; see {@link Signal#mute()}. */
final class MuteScope implements Runnable {
  private final Signal<?> signal;
  private final DispatchStack stack;
  private boolean closed;

  MuteScope(Signal<?> signal, DispatchStack stack) {
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
