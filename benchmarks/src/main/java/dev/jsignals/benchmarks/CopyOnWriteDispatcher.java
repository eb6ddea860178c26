package dev.jsignals.benchmarks;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * The smallest useful dispatcher, a peer for {@link DispatchBenchmark}: a copy-on-write array of
 * (sender, receiver) pairs, scanned on each send. No responses, no weak references, no mute, no
 * recursion guard. Thread-safe: adds copy under a lock, sends read one snapshot.
 *
 * @param <E> the event type
 */
public final class CopyOnWriteDispatcher<E> {
  private record Pair<E>(Object sender, Consumer<? super E> receiver) {}

  private volatile Pair<E>[] pairs = newArray(0);

  /** Adds a receiver of one sender's events. */
  public synchronized void connect(Object sender, Consumer<? super E> receiver) {
    Pair<E>[] grown = Arrays.copyOf(pairs, pairs.length + 1);
    grown[pairs.length] = new Pair<>(sender, receiver);
    pairs = grown;
  }

  /** Calls the receivers of {@code sender}, in order. */
  public void send(Object sender, E event) {
    for (Pair<E> pair : pairs) {
      if (pair.sender == sender) {
        pair.receiver.accept(event);
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static <E> Pair<E>[] newArray(int size) {
    return (Pair<E>[]) new Pair<?>[size];
  }
}
