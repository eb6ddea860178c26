package dev.jsignals.test;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What was sent during one test, in send order: resolved as a test method parameter by {@link
 * RecordSignals}. Thread-safe: sends from any thread are appended while the test runs.
 */
public final class SentSignals {

  /**
   * One send.
   *
   * @param signal the signal's name ({@code post_save}, or a custom signal's)
   * @param event the event sent
   */
  public record Sent(String signal, Object event) {
    /**
     * Checks the values.
     *
     * @param signal the signal's name
     * @param event the event
     */
    public Sent {
      Objects.requireNonNull(signal, "signal");
      Objects.requireNonNull(event, "event");
    }
  }

  private final List<Sent> sent = new ArrayList<>();

  SentSignals() {}

  synchronized void add(String signal, Object event) {
    sent.add(new Sent(signal, event));
  }

  /**
   * Every send so far.
   *
   * @return an immutable copy, oldest first
   */
  public synchronized List<Sent> all() {
    return List.copyOf(sent);
  }

  /**
   * The events of one type sent so far.
   *
   * @param eventType the event class, for example {@code PostSave.class}
   * @param <E> the event type
   * @return an immutable list, oldest first
   */
  public synchronized <E> List<E> events(Class<E> eventType) {
    Objects.requireNonNull(eventType, "eventType");
    return sent.stream()
        .map(Sent::event)
        .filter(eventType::isInstance)
        .map(eventType::cast)
        .toList();
  }

  /** Forgets what was recorded so far, for example the sends of a test's own set-up. */
  public synchronized void clear() {
    sent.clear();
  }

  @Override
  public synchronized String toString() {
    return "SentSignals" + sent;
  }
}
