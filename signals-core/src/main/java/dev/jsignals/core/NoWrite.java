package dev.jsignals.core;

import java.util.Optional;

/** The context of hand-sent events, {@link WriteContext#NONE}. Stateless, thread-safe. */
final class NoWrite implements WriteContext {
  static final NoWrite INSTANCE = new NoWrite();

  private NoWrite() {}

  @Override
  public <T> T attach(Class<T> extensionType) {
    throw new IllegalStateException(
        "Cannot attach "
            + extensionType.getName()
            + ": this event was sent by hand, not raised by a database write, so it has no"
            + " connection. Write through your own handle instead.");
  }

  @Override
  public void onCommit(Runnable hook) {
    hook.run();
  }

  @Override
  public <T> Optional<T> unwrap(Class<T> type) {
    return Optional.empty();
  }

  @Override
  public String toString() {
    return "WriteContext.NONE";
  }
}
