package dev.jsignals.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jsignals.dispatch.ConnectOptions;
import dev.jsignals.dispatch.Connection;
import dev.jsignals.dispatch.Signal;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WeakListenerTest {
  static final class Owner {
    final String name;

    Owner(String name) {
      this.name = name;
    }
  }

  private final Signal<String> signal = Signal.create("weak", String.class);
  private final List<String> calls = new CopyOnWriteArrayList<>();

  @AfterEach
  void nothingIsLeftConnected() {
    assertThat(signal.connections()).isEmpty();
  }

  /** Connects a weak receiver whose owner is referenced only by the returned WeakReference. */
  private WeakReference<Owner> connectUnreachableOwner(ReferenceQueue<Owner> queue) {
    Owner owner = new Owner("gone");
    signal.connectWeak(owner, (o, event) -> calls.add(o.name + ":" + event));
    signal.send(String.class, "before");
    assertThat(calls).containsExactly("gone:before");
    calls.clear();
    return new WeakReference<>(owner, queue);
  }

  private static boolean awaitCollection(ReferenceQueue<Owner> queue) throws InterruptedException {
    for (int attempt = 0; attempt < 50; attempt++) {
      System.gc();
      if (queue.remove(100) != null) {
        return true;
      }
      byte[][] pressure = new byte[16][];
      for (int i = 0; i < pressure.length; i++) {
        pressure[i] = new byte[1 << 20];
      }
      assertThat(pressure[15]).hasSize(1 << 20);
    }
    return false;
  }

  @Test
  void weakReceiverIsCalledWhileItsOwnerLives() {
    Owner owner = new Owner("alive");
    Connection connection =
        signal.connectWeak(owner, (o, event) -> calls.add(o.name + ":" + event));
    signal.send(String.class, "x");
    assertThat(calls).containsExactly("alive:x");
    assertThat(connection.weak()).isTrue();
    assertThat(signal.connections()).singleElement().matches(Connection::weak);
    assertThat(connection.disconnect()).isTrue();
  }

  @Test
  void garbageCollectedWeakReceiverIsNeverCalledAgainAndNoLongerListed()
      throws InterruptedException {
    ReferenceQueue<Owner> queue = new ReferenceQueue<>();
    WeakReference<Owner> ref = connectUnreachableOwner(queue);
    assertThat(awaitCollection(queue)).as("owner collected within the bounded wait").isTrue();
    assertThat(ref.get()).isNull();
    assertThat(signal.send(String.class, "after")).isEmpty();
    assertThat(signal.hasListeners(String.class)).isFalse();
    assertThat(calls).isEmpty();
    assertThat(signal.connections()).isEmpty();
  }

  @Test
  void weakReceiverIsDisconnectedByItsOwner() {
    Owner owner = new Owner("o");
    signal.connectWeak(owner, (o, event) -> calls.add(event));
    assertThat(signal.disconnect(owner)).isTrue();
    signal.send(String.class, "x");
    assertThat(calls).isEmpty();
  }

  @Test
  void sameOwnerConnectedWeaklyTwiceIsOneConnection() {
    Owner owner = new Owner("o");
    BiConsumer<Owner, String> receiver = (o, event) -> calls.add(event);
    Connection first = signal.connectWeak(owner, receiver);
    Connection second = signal.connectWeak(owner, receiver);
    assertThat(second.isDuplicate()).isTrue();
    signal.send(String.class, "x");
    assertThat(calls).containsExactly("x");
    assertThat(first.disconnect()).isTrue();
  }

  private WeakReference<Owner> connectUnreachableOwnerWithUid(String uid) {
    Owner owner = new Owner("gone");
    signal.connectWeak(
        ConnectOptions.anySender().dispatchUid(uid), owner, (o, event) -> calls.add("old"));
    return new WeakReference<>(owner);
  }

  @Test
  void uidOfACollectedWeakReceiverCanBeConnectedAgainAtOnce() {
    // Right after a GC the signal's reference may be cleared but not yet reported on its queue;
    // repeat so that this window is likely hit: a connect made in it must still win.
    for (int round = 0; round < 100; round++) {
      WeakReference<Owner> ref = connectUnreachableOwnerWithUid("u");
      for (int attempt = 0; attempt < 50 && ref.get() != null; attempt++) {
        System.gc();
      }
      assertThat(ref.get()).as("owner collected within the bounded wait").isNull();
      Connection fresh = signal.connect(ConnectOptions.anySender().dispatchUid("u"), calls::add);
      assertThat(fresh.isDuplicate()).as("round %d", round).isFalse();
      signal.send(String.class, "new");
      assertThat(calls).containsExactly("new");
      assertThat(signal.disconnectUid("u")).isTrue();
      assertThat(fresh.isConnected()).isFalse();
      calls.clear();
    }
  }
}
