package dev.jsignals.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jsignals.dispatch.ConnectOptions;
import dev.jsignals.dispatch.Connection;
import dev.jsignals.dispatch.Listener;
import dev.jsignals.dispatch.Response;
import dev.jsignals.dispatch.Signal;
import dev.jsignals.dispatch.SignalCapture;
import dev.jsignals.dispatch.SignalException;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Weak receivers, the recursion guard, muting, capture, concurrency and bad input. */
class SignalLifecycleTest {
  record Ping(String value) {}

  record User(long id) {}

  static final class Listener1 {
    final List<String> seen = new CopyOnWriteArrayList<>();

    void onPing(Ping ping) {
      seen.add(ping.value());
    }
  }

  private final Signal<Ping> signal = Signal.create("ping", Ping.class, 3);
  private final Signals signals = Signals.create();

  @AfterEach
  void assertTestIsClean() {
    assertThat(signal.connections()).isEmpty();
    assertThat(signals.connections().values()).allSatisfy(list -> assertThat(list).isEmpty());
  }

  @Test
  void weakReceiverIsCalledWhileItsOwnerLives() {
    Listener1 owner = new Listener1();
    Connection connection = signal.connectWeak(owner, Listener1::onPing);

    signal.send("s", new Ping("alive"));

    assertThat(owner.seen).containsExactly("alive");
    assertThat(connection.weak()).isTrue();
    assertThat(connection.disconnect()).isTrue();
  }

  @Test
  void garbageCollectedWeakReceiverIsNeverCalledAndNoLongerListed() {
    AtomicInteger calls = new AtomicInteger();
    WeakReference<Object> owner = connectWeakOwner(calls);

    assertThat(awaitCollected(owner)).as("owner collected within the bounded wait").isTrue();
    List<Response> responses = signal.send("s", new Ping("after"));

    assertThat(calls).hasValue(0);
    assertThat(responses).isEmpty();
    assertThat(signal.hasListeners("s")).isFalse();
    assertThat(signal.connections()).isEmpty();
  }

  private WeakReference<Object> connectWeakOwner(AtomicInteger calls) {
    Object owner = new Object();
    signal.connectWeak(owner, (o, event) -> calls.incrementAndGet());
    signal.send("s", new Ping("before"));
    assertThat(calls).hasValue(1);
    calls.set(0);
    return new WeakReference<>(owner);
  }

  private static boolean awaitCollected(WeakReference<?> reference) {
    for (int attempt = 0; attempt < 50 && reference.get() != null; attempt++) {
      System.gc();
      byte[][] pressure = new byte[16][];
      for (int i = 0; i < pressure.length; i++) {
        pressure[i] = new byte[1 << 16];
      }
      Thread.onSpinWait();
    }
    return reference.get() == null;
  }

  @Test
  void disconnectByOwnerRemovesAWeakConnection() {
    Listener1 owner = new Listener1();
    signal.connectWeak(owner, Listener1::onPing);

    assertThat(signal.disconnect(owner)).isTrue();
    signal.send("s", new Ping("x"));
    assertThat(owner.seen).isEmpty();
  }

  @Test
  void recursionGuardStopsReceiverResendingTheSameInstanceWithTheChain() {
    User ada = new User(1);
    Connection loop =
        signals
            .postSave()
            .connect(User.class, event -> signals.postSave().send(postSave(event.instance())));

    assertThatThrownBy(() -> signals.postSave().send(postSave(ada)))
        .isInstanceOf(SignalException.class)
        .hasMessageContaining("post_save")
        .hasMessageContaining(User.class.getName())
        .hasMessageContaining("Chain, outermost first:")
        .hasMessageContaining("8. post_save")
        .hasMessageContaining("9. post_save (sender " + User.class.getName() + ") refused")
        .hasMessageContaining("lambda@" + SignalLifecycleTest.class.getName());
    loop.disconnect();
  }

  @Test
  void recursionGuardAllowsNestedSendsForOtherInstances() {
    List<Long> saved = new ArrayList<>();
    Connection chain =
        signals
            .postSave()
            .connect(
                User.class,
                event -> {
                  saved.add(event.instance().id());
                  if (event.instance().id() < 20) {
                    signals.postSave().send(postSave(new User(event.instance().id() + 1)));
                  }
                });

    signals.postSave().send(postSave(new User(1)));

    assertThat(saved).hasSize(20);
    chain.disconnect();
  }

  @Test
  void recursionLimitIsConfigurable() {
    AtomicInteger depth = new AtomicInteger();
    Connection loop =
        signal.connect(
            "s",
            event -> {
              depth.incrementAndGet();
              signal.send("s", event);
            });

    assertThatThrownBy(() -> signal.send("s", new Ping("x")))
        .isInstanceOf(SignalException.class)
        .hasMessageContaining("while 3 such sends");
    assertThat(depth).hasValue(3);
    loop.disconnect();
  }

  @Test
  void muteSilencesTheSignalOnThisThreadOnly() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    Connection connection = signal.connect(event -> calls.incrementAndGet());

    try (var muted = signal.mute()) {
      assertThat(signal.send("s", new Ping("muted"))).isEmpty();
      ExecutorService other = Executors.newSingleThreadExecutor();
      try {
        other.submit(() -> signal.send("s", new Ping("other thread"))).get(10, TimeUnit.SECONDS);
        assertThat(signal.sendAsync("s", new Ping("async"), other).get(10, TimeUnit.SECONDS))
            .as("an async send from a muted thread sends nothing")
            .isEmpty();
      } finally {
        other.shutdownNow();
      }
    }
    signal.send("s", new Ping("unmuted"));

    assertThat(calls).hasValue(2);
    connection.disconnect();
  }

  @Test
  void captureRecordsSendsUntilClosed() {
    SignalCapture<PostSave<?>> captured;
    try (SignalCapture<PostSave<?>> capture = signals.postSave().capture()) {
      captured = capture;
      signals.postSave().send(postSave(new User(7)));
      assertThat(signals.postSave().hasListeners(User.class)).isTrue();
    }
    signals.postSave().send(postSave(new User(8)));

    assertThat(captured.events())
        .singleElement()
        .extracting(e -> e.instance())
        .isEqualTo(new User(7));
    assertThat(captured.senders()).containsExactly(User.class);
  }

  @Test
  void concurrentSendsSeeConsistentSnapshotsWhileOthersConnectAndDisconnect() throws Exception {
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

  private static PostSave<User> postSave(User user) {
    return new PostSave<>(User.class, user, true, false, "default", null, WriteContext.NONE);
  }

  @Test
  void nullArgumentsAreRejectedNamingTheArgument() {
    Listener<Ping> receiver = event -> {};
    assertThatThrownBy(() -> signal.connect((Listener<Ping>) null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("receiver");
    assertThatThrownBy(() -> signal.connect((Object) null, receiver))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("sender");
    assertThatThrownBy(() -> signal.connect((ConnectOptions) null, receiver))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("options");
    assertThatThrownBy(() -> signal.send("s", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("event");
    assertThatThrownBy(() -> signal.send(null, new Ping("x")))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("sender");
    assertThatThrownBy(() -> Signal.connectAll(receiver, signal, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("signals[1]");
    assertThat(signal.connections()).as("no half-made connection").isEmpty();
  }

  @Test
  void blankDispatchUidIsRejected() {
    assertThatThrownBy(() -> ConnectOptions.anySender().dispatchUid(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("dispatchUid must not be blank");
  }

  @Test
  void modelEventsRejectNullFieldsNamingThem() {
    assertThatThrownBy(
            () -> new PostSave<>(User.class, null, true, false, "default", null, WriteContext.NONE))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("PostSave.instance must not be null");
    assertThatThrownBy(() -> new PreDelete<>(User.class, new User(1), "default", null, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("PreDelete.origin must not be null");
  }

  @Test
  void updateFieldsAndPkSetAreUnmodifiableCopies() {
    Set<String> fields = new java.util.HashSet<>(Set.of("email"));
    PreSave<User> event =
        new PreSave<>(User.class, new User(1), false, "default", fields, WriteContext.NONE);
    fields.add("name");

    assertThat(event.updateFields()).containsExactly("email");
    assertThatThrownBy(() -> event.updateFields().add("x"))
        .isInstanceOf(UnsupportedOperationException.class);
    M2MChanged<User> m2m =
        new M2MChanged<>(
            Object.class,
            new User(1),
            M2MChanged.POST_ADD,
            false,
            User.class,
            Set.of(1L, 2L),
            "default",
            WriteContext.NONE);
    assertThatThrownBy(() -> m2m.pkSet().clear()).isInstanceOf(UnsupportedOperationException.class);
    assertThat(m2m.isPre()).isFalse();
    assertThat(m2m.action()).isEqualTo("post_add");
    assertThatThrownBy(
            () ->
                new M2MChanged<>(
                    Object.class,
                    new User(1),
                    "POST_ADDED",
                    false,
                    User.class,
                    null,
                    "default",
                    WriteContext.NONE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("M2MChanged.action must be one of")
        .hasMessageContaining("'POST_ADDED'");
  }

  @Test
  void typedConnectGivesTheModelType() {
    List<Long> ids = new ArrayList<>();
    Connection connection =
        signals.postSave().connect(User.class, event -> ids.add(event.instance().id()));

    signals.postSave().send(postSave(new User(42)));
    signals
        .preSave()
        .send(new PreSave<>(User.class, new User(43), false, "default", null, WriteContext.NONE));

    assertThat(ids).containsExactly(42L);
    connection.disconnect();
  }

  @Test
  void handSentEventsHaveNoDatabaseButRunCommitHooksAtOnce() {
    PostSave<User> event = postSave(new User(1));
    CountDownLatch ran = new CountDownLatch(1);

    event.onCommit(ran::countDown);

    assertThat(ran.getCount()).isZero();
    assertThatThrownBy(() -> event.attach(Runnable.class))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("sent by hand");
  }

  @Test
  void customSignalsAreOnePerEventType() {
    assertThat(signals.signal(Ping.class)).isSameAs(signals.signal(Ping.class));
    assertThatThrownBy(() -> signals.signal(PostSave.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("use signals.postSave() (post_save)");
  }
}
