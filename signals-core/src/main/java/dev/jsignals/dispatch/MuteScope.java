package dev.jsignals.dispatch;

/**
 * A signal muted on one thread until {@link #close()}; see {@link Signal#mute()}. Close it on the
 * thread that opened it, preferably with try-with-resources.
 */
public final class MuteScope implements AutoCloseable {
  private final Signal<?> signal;
  private final DispatchStack stack;
  private boolean closed;

  MuteScope(Signal<?> signal, DispatchStack stack) {
    this.signal = signal;
    this.stack = stack;
  }

  /**
   * Unmutes the signal (unless an enclosing scope still mutes it). Closing twice is harmless.
   *
   * @throws IllegalStateException if called from another thread than the one that muted
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    if (DispatchStack.current() != stack) {
      throw new IllegalStateException(
          "Close the mute scope of signal '"
              + signal.name()
              + "' on the thread that opened it: muting is per thread");
    }
    closed = true;
    stack.unmute(signal);
  }
}
