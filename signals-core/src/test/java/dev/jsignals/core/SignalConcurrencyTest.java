package dev.jsignals.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jsignals.dispatch.ConnectOptions;
import dev.jsignals.dispatch.Connection;
import dev.jsignals.dispatch.Response;
import dev.jsignals.dispatch.Signal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SignalConcurrencyTest {
  /** One send's record of the receivers that saw it; only the sending thread writes it. */
  record Seen(List<String> ids) {}

  record Ping(String value) {}

  private static final int WRITES = 400;
  private static final int WINDOW = 3;
  private static final int SENDERS = 3;
  private static final int MIN_SENDS = 300;
  private static final int MAX_SENDS = 100_000;

  private final Signal<Seen> signal = Signal.create("concurrent", Seen.class);
  private final ExecutorService pool = Executors.newFixedThreadPool(SENDERS + 2);

  @AfterEach
  void nothingIsLeftConnected() throws InterruptedException {
    pool.shutdownNow();
    assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    assertThat(signal.connections()).isEmpty();
  }

  /** The pool's receiver lists, in connection order, after each of its writer's steps. */
  private static Set<List<String>> publishedStates(String pool) {
    Set<List<String>> states = new HashSet<>();
    List<String> current = new ArrayList<>();
    states.add(List.copyOf(current));
    for (int i = 0; i < WRITES; i++) {
      current.add(pool + i);
      states.add(List.copyOf(current));
      if (i >= WINDOW) {
        current.remove(pool + (i - WINDOW));
        states.add(List.copyOf(current));
      }
    }
    for (int i = Math.max(0, WRITES - WINDOW); i < WRITES; i++) {
      current.remove(pool + i);
      states.add(List.copyOf(current));
    }
    return states;
  }

  private Void write(String pool, CyclicBarrier start, AtomicInteger writersLeft) throws Exception {
    start.await(30, TimeUnit.SECONDS);
    try {
      for (int i = 0; i < WRITES; i++) {
        String id = pool + i;
        signal.connect(ConnectOptions.anySender().dispatchUid(id), seen -> seen.ids().add(id));
        if (i >= WINDOW) {
          assertThat(signal.disconnectUid(pool + (i - WINDOW))).isTrue();
        }
      }
      for (int i = Math.max(0, WRITES - WINDOW); i < WRITES; i++) {
        assertThat(signal.disconnectUid(pool + i)).isTrue();
      }
    } finally {
      writersLeft.decrementAndGet();
    }
    return null;
  }

  private Void send(CyclicBarrier start, AtomicInteger writersLeft, Queue<Seen> log)
      throws Exception {
    start.await(30, TimeUnit.SECONDS);
    for (int n = 0; n < MAX_SENDS && (n < MIN_SENDS || writersLeft.get() > 0); n++) {
      Seen seen = new Seen(new ArrayList<>());
      List<Response> responses = signal.send(Seen.class, seen);
      assertThat(responses).hasSameSizeAs(seen.ids());
      log.add(seen);
    }
    return null;
  }

  @Test
  void everySendSeesOnePublishedStateWhileOthersConnectAndDisconnect() throws Exception {
    Connection stable = signal.connect(seen -> seen.ids().add("stable"));
    CyclicBarrier start = new CyclicBarrier(SENDERS + 2);
    AtomicInteger writersLeft = new AtomicInteger(2);
    Queue<Seen> log = new ConcurrentLinkedQueue<>();
    List<Future<Void>> tasks = new ArrayList<>();
    tasks.add(pool.submit(() -> write("a", start, writersLeft)));
    tasks.add(pool.submit(() -> write("b", start, writersLeft)));
    for (int i = 0; i < SENDERS; i++) {
      tasks.add(pool.submit(() -> send(start, writersLeft, log)));
    }
    for (Future<Void> task : tasks) {
      task.get(60, TimeUnit.SECONDS); // rethrows anything a thread threw
    }

    Set<List<String>> statesA = publishedStates("a");
    Set<List<String>> statesB = publishedStates("b");
    assertThat(log).hasSizeGreaterThanOrEqualTo(SENDERS * MIN_SENDS);
    for (Seen seen : log) {
      List<String> ids = seen.ids();
      assertThat(ids).filteredOn("stable"::equals).hasSize(1);
      assertThat(statesA).contains(ids.stream().filter(id -> id.startsWith("a")).toList());
      assertThat(statesB).contains(ids.stream().filter(id -> id.startsWith("b")).toList());
    }
    assertThat(signal.connections()).singleElement().isSameAs(stable);
    stable.disconnect();
  }

  @Test
  void concurrentConnectsOfOneUidMakeExactlyOneConnection() throws Exception {
    int threads = SENDERS + 2;
    CyclicBarrier start = new CyclicBarrier(threads);
    List<Future<Connection>> tasks = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      tasks.add(
          pool.submit(
              () -> {
                start.await(30, TimeUnit.SECONDS);
                return signal.connect(
                    ConnectOptions.anySender().dispatchUid("only"), seen -> seen.ids().add("x"));
              }));
    }
    List<Connection> made = new ArrayList<>();
    for (Future<Connection> task : tasks) {
      made.add(task.get(30, TimeUnit.SECONDS));
    }
    assertThat(made).filteredOn(c -> !c.isDuplicate()).hasSize(1);
    assertThat(signal.connections()).hasSize(1);
    Seen seen = new Seen(new ArrayList<>());
    signal.send(Seen.class, seen);
    assertThat(seen.ids()).containsExactly("x");
    assertThat(signal.disconnectUid("only")).isTrue();
  }

  @Test
  void aPermanentReceiverIsCalledByEverySendWhileAnotherFlickers() throws Exception {
    int senders = 3;
    int rounds = 2_000;
    Signal<Ping> shared = Signal.create("shared", Ping.class);
    AtomicInteger stable = new AtomicInteger();
    Connection always =
        shared.connect(
            ConnectOptions.anySender().name("always"), event -> stable.incrementAndGet());
    CyclicBarrier start = new CyclicBarrier(senders + 1);
    ExecutorService pool = Executors.newFixedThreadPool(senders + 1);
    try {
      List<Future<Integer>> sent = new ArrayList<>();
      for (int t = 0; t < senders; t++) {
        sent.add(
            pool.submit(
                () -> {
                  start.await();
                  for (int i = 0; i < rounds; i++) {
                    List<Response> responses = shared.send("s", new Ping("x"));
                    // 1 permanent receiver plus 0 or 1 flickering one: never anything else.
                    assertThat(responses.size()).isBetween(1, 2);
                    assertThat(responses.get(0).receiver().receiver()).isEqualTo("always");
                  }
                  return rounds;
                }));
      }
      Future<?> churn =
          pool.submit(
              () -> {
                start.await();
                for (int i = 0; i < rounds; i++) {
                  try (Connection flicker = shared.connect(event -> {})) {
                    assertThat(flicker.isConnected()).isTrue();
                  }
                }
                return null;
              });
      int total = 0;
      for (Future<Integer> f : sent) {
        total += f.get(60, TimeUnit.SECONDS);
      }
      churn.get(60, TimeUnit.SECONDS);

      assertThat(stable).as("no send lost the permanent receiver").hasValue(total);
      assertThat(shared.connections()).hasSize(1);
    } finally {
      pool.shutdownNow();
      always.disconnect();
    }
  }
}
