package dev.jsignals.dispatch;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Records sends of a signal while it is open. {@link Signal#capture()} opens one that records every
 * send, from any thread, while the receivers run as usual; {@link Signal#mute()} opens one that
 * records the sends the current thread made while the signal was muted for it, which called no
 * receiver. Close it (try-with-resources) to stop; what was recorded stays readable.
 *
 * <pre>{@code
 * try (SignalCapture<PostSave<?>> sent = signals.postSave().capture()) {
 *   users.insert(new User("ada"));
 *   assertThat(sent.events()).singleElement().extracting(PostSave::created).isEqualTo(true);
 * }
 * }</pre>
 *
 * <p>A capture from {@link Signal#capture()} is a connection for any sender, listed and counted
 * like any other and called in connection order; it is scoped to its signal, so tests running in
 * parallel on separate signals never see each other's events. Thread-safe.
 *
 * @param <E> the event type
 */
public final class SignalCapture<E> implements AutoCloseable {
  private final List<Object> senders = new ArrayList<>();
  private final List<E> events = new ArrayList<>();
  private volatile @Nullable Runnable closer;

  SignalCapture() {}

  void onClose(Runnable action) {
    this.closer = action;
  }

  @SuppressWarnings("unchecked")
  synchronized void record(Object sender, Object event) {
    senders.add(sender);
    events.add((E) event);
  }

  /**
   * The events recorded so far, oldest first.
   *
   * @return an immutable copy
   */
  public synchronized List<E> events() {
    return List.copyOf(events);
  }

  /**
   * The sender of each recorded event, in the order of {@link #events()}.
   *
   * @return an immutable copy
   */
  public synchronized List<Object> senders() {
    return List.copyOf(senders);
  }

  /**
   * Stops recording (and, for a mute, unmutes the signal unless an enclosing mute still holds it).
   * Closing twice is harmless.
   *
   * @throws IllegalStateException if a mute is closed on another thread than the one that muted
   */
  @Override
  public void close() {
    Runnable action = closer;
    if (action != null) {
      action.run();
    }
  }
}
