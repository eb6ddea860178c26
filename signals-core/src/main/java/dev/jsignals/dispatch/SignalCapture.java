package dev.jsignals.dispatch;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Records what a signal sent while it is open: a test helper. Open one with {@link
 * Signal#capture()} and close it (try-with-resources) to stop recording.
 *
 * <pre>{@code
 * try (SignalCapture<PostSave<?>> sent = signals.postSave().capture()) {
 *   users.insert(new User("ada"));
 *   assertThat(sent.events()).singleElement().extracting(PostSave::created).isEqualTo(true);
 * }
 * }</pre>
 *
 * <p>The capture is a connection for any sender, listed and counted like any other and called in
 * connection order; it is scoped to its signal, so tests running in parallel on separate signals
 * never see each other's events. Thread-safe.
 *
 * @param <E> the event type
 */
public final class SignalCapture<E> implements AutoCloseable {

  /**
   * One recorded send.
   *
   * @param sender the sender passed to the send
   * @param event the event passed to the send
   * @param <E> the event type
   */
  public record Sent<E>(Object sender, E event) {}

  private final List<Sent<E>> sent = new ArrayList<>();
  private @Nullable Connection connection;

  SignalCapture() {}

  void attach(Connection attached) {
    this.connection = attached;
  }

  @SuppressWarnings("unchecked")
  synchronized void record(Object sender, Object event) {
    sent.add(new Sent<>(sender, (E) event));
  }

  /**
   * The sends recorded so far, oldest first.
   *
   * @return an immutable copy
   */
  public synchronized List<Sent<E>> sent() {
    return List.copyOf(sent);
  }

  /**
   * The events recorded so far, oldest first.
   *
   * @return an immutable copy
   */
  public synchronized List<E> events() {
    return sent.stream().map(Sent::event).toList();
  }

  /** Stops recording; what was recorded stays readable. */
  @Override
  public void close() {
    Connection attached = connection;
    if (attached != null) {
      attached.disconnect();
    }
  }
}
