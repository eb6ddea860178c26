package dev.jsignals.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jsignals.dispatch.Connection;
import dev.jsignals.dispatch.Listener;
import dev.jsignals.dispatch.Response;
import dev.jsignals.dispatch.Signal;
import java.lang.ref.WeakReference;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Django's memory semantics, proven with real garbage collection: a signal keeps alive neither the
 * senders it was connected for nor what it sent.
 */
class DjangoMemoryTest {
  record Ping(Object payload) {}

  /** A sender object, as a Django model class or instance is. */
  static final class Sender {}

  private final Signal<Ping> signal = Signal.create("ping", Ping.class);
  private final AtomicInteger calls = new AtomicInteger();

  private WeakReference<Sender> connectForUnreachableSender() {
    Sender sender = new Sender();
    Connection connection = signal.connect(sender, ping -> calls.incrementAndGet());
    signal.send(sender, new Ping("x"));
    assertThat(connection.sender()).isSameAs(sender);
    assertThat(signal.hasListeners(sender)).isTrue();
    return new WeakReference<>(sender);
  }

  @Test
  void connectingForASenderDoesNotKeepItAliveAndItsConnectionsGoWithIt() {
    WeakReference<Sender> sender = connectForUnreachableSender();
    assertThat(calls).hasValue(1);

    GarbageCollection.awaitCleared(sender, "the sender");

    assertThat(signal.connections()).isEmpty();
    assertThat(signal.hasListeners()).isFalse();
  }

  @Test
  void connectionsOfOtherSendersStayWhenASenderIsCollected() {
    Sender kept = new Sender();
    signal.connect(kept, ping -> calls.incrementAndGet());
    WeakReference<Sender> gone = connectForUnreachableSender();

    GarbageCollection.awaitCleared(gone, "the sender");

    assertThat(signal.connections()).singleElement().matches(c -> c.sender() == kept);
    signal.send(kept, new Ping("y"));
    assertThat(calls).hasValue(2);
  }

  private List<WeakReference<?>> sendOnce() {
    Sender sender = new Sender();
    Object payload = new Object();
    Listener<Ping> receiver = ping -> calls.incrementAndGet();
    Connection connection = signal.connect(receiver);
    List<Response> responses = signal.send(sender, new Ping(payload));
    assertThat(responses).hasSize(1);
    connection.disconnect();
    signal.send(sender, new Ping(payload));
    return List.of(
        new WeakReference<>(sender), new WeakReference<>(payload), new WeakReference<>(receiver));
  }

  @Test
  void noCacheKeepsASenderAnEventOrADisconnectedReceiverAliveAfterTheSend() {
    List<WeakReference<?>> refs = sendOnce();
    assertThat(calls).hasValue(1);

    GarbageCollection.awaitCleared(refs.get(0), "the sender");
    GarbageCollection.awaitCleared(refs.get(1), "the event's payload");
    GarbageCollection.awaitCleared(refs.get(2), "the disconnected receiver");
  }

  private WeakReference<Sender> sendFromUnreachableSender(Signal<Ping> guarded) {
    Sender sender = new Sender();
    guarded.connect(ping -> calls.incrementAndGet());
    guarded.send(sender, new Ping(sender));
    return new WeakReference<>(sender);
  }

  @Test
  void theRecursionGuardKeepsNoSenderOrSubjectAliveAfterTheSend() {
    Signal<Ping> guarded = Signal.create("guarded", Ping.class, 2, Ping::payload);
    WeakReference<Sender> sender = sendFromUnreachableSender(guarded);

    GarbageCollection.awaitCleared(sender, "the sender and subject");
    assertThat(calls).hasValue(1);
  }
}
