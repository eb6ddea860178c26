package dev.jsignals.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jsignals.dispatch.ConnectOptions;
import dev.jsignals.dispatch.Connection;
import dev.jsignals.dispatch.Listener;
import dev.jsignals.dispatch.Response;
import dev.jsignals.dispatch.Signal;
import dev.jsignals.dispatch.SignalException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;

/** Django's {@code tests/dispatch/tests.py}, behaviour by behaviour, plus Java's additions. */
class SignalTest {
  record Ping(String value) {}

  static final class Sender {}

  private final Signal<Ping> signal = Signal.create("ping", Ping.class);
  private final Signal<Ping> other = Signal.create("other", Ping.class);
  private final List<String> calls = new CopyOnWriteArrayList<>();

  private Listener<Ping> recorder(String name) {
    return event -> calls.add(name + ":" + event.value());
  }

  @Test
  void sendCallsReceiverAndReturnsItsResponse() {
    Function<Ping, Object> responder = event -> "I heard " + event.value();
    signal.connectResponder(ConnectOptions.anySender(), responder);

    List<Response> responses = signal.send(Sender.class, new Ping("hello"));

    assertThat(responses).singleElement().extracting(Response::value).isEqualTo("I heard hello");
    assertThat(responses.get(0).receiver().signal()).isEqualTo("ping");
    assertThat(signal.disconnect(responder)).isTrue();
  }

  @Test
  void sendWithoutReceiversReturnsEmptyList() {
    assertThat(signal.send(Sender.class, new Ping("x"))).isEmpty();
  }

  @Test
  void receiverForAnySenderIsCalledForEverySender() {
    Listener<Ping> receiver = recorder("any");
    signal.connect(receiver);

    signal.send(Sender.class, new Ping("a"));
    signal.send("a plain object", new Ping("b"));

    assertThat(calls).containsExactly("any:a", "any:b");
    signal.disconnect(receiver);
  }

  @Test
  void sendSkipsReceiversOfOtherSenders() {
    Listener<Ping> receiver = recorder("r");
    signal.connect(Sender.class, receiver);

    assertThat(signal.send(String.class, new Ping("x"))).isEmpty();
    assertThat(calls).isEmpty();
    signal.disconnect(Sender.class, receiver);
  }

  @Test
  void senderIsMatchedByIdentityNotBySubclassOrEquality() {
    Object owner = new Object() {};
    Listener<Ping> receiver = recorder("r");
    signal.connect(Object.class, receiver);
    signal.connect(new String("key"), recorder("s"));

    signal.send(owner.getClass(), new Ping("subclass"));
    signal.send("key", new Ping("equal-string"));

    assertThat(calls).isEmpty();
    signal.disconnect(Object.class, receiver);
    assertThat(signal.connections()).hasSize(1);
    assertThatThrownBy(() -> signal.connections().clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void senderCanBeAPlainObject() {
    Object sender = new Object();
    Listener<Ping> receiver = recorder("r");
    signal.connect(sender, receiver);

    signal.send(sender, new Ping("x"));

    assertThat(calls).containsExactly("r:x");
    assertThat(signal.disconnect(sender, receiver)).isTrue();
  }

  @Test
  void sameReceiverConnectedSixTimesIsOneConnection() {
    Listener<Ping> receiver = recorder("r");
    List<Connection> handles = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      handles.add(signal.connect(receiver));
    }

    assertThat(signal.connections()).hasSize(1);
    assertThat(handles.get(0).isDuplicate()).isFalse();
    assertThat(handles.subList(1, 6)).allMatch(Connection::isDuplicate);
    assertThat(handles.get(5).disconnect()).as("a duplicate handle cannot disconnect").isFalse();
    assertThat(handles.get(5).isConnected()).as("but it sees the first connection").isTrue();
    assertThat(signal.connections()).hasSize(1);
    signal.disconnect(receiver);
  }

  @Test
  void twoReceiversWithOneUidKeepTheFirst() {
    signal.connect(ConnectOptions.anySender().dispatchUid("uid"), recorder("first"));
    Connection second =
        signal.connect(ConnectOptions.anySender().dispatchUid("uid"), recorder("2"));

    signal.send(Sender.class, new Ping("x"));

    assertThat(second.isDuplicate()).isTrue();
    assertThat(calls).containsExactly("first:x");
    assertThat(signal.disconnectUid("uid")).isTrue();
  }

  @Test
  void sameReceiverForAnySenderAndForOneSenderIsTwoConnections() {
    Listener<Ping> receiver = recorder("r");
    signal.connect(receiver);
    signal.connect(Sender.class, receiver);

    signal.send(Sender.class, new Ping("x"));

    assertThat(calls).containsExactly("r:x", "r:x");
    assertThat(signal.disconnect(receiver)).isTrue();
    assertThat(signal.disconnect(Sender.class, receiver)).isTrue();
  }

  @Test
  void uidKeyIncludesTheSender() {
    signal.connect(ConnectOptions.sender(Sender.class).dispatchUid("uid"), recorder("a"));
    Connection forOther =
        signal.connect(ConnectOptions.sender(String.class).dispatchUid("uid"), recorder("b"));

    assertThat(forOther.isDuplicate()).isFalse();
    assertThat(signal.disconnectUid("uid")).as("no any-sender connection has this uid").isFalse();
    assertThat(signal.disconnectUid(Sender.class, "uid")).isTrue();
    assertThat(signal.disconnectUid(String.class, "uid")).isTrue();
  }

  @Test
  void receiversAreCalledInConnectionOrderAcrossAnyAndSpecificSenders() {
    signal.connect(Sender.class, recorder("1"));
    signal.connect(recorder("2"));
    signal.connect(Sender.class, recorder("3"));

    List<Response> responses = signal.send(Sender.class, new Ping("x"));

    assertThat(calls).containsExactly("1:x", "2:x", "3:x");
    assertThat(responses).hasSize(3);
    List<Connection> listed = signal.connections();
    assertThat(listed)
        .extracting(Connection::sender)
        .containsExactly(Sender.class, null, Sender.class);
  }

  @Test
  void sendRobustReturnsResponsesWhenNothingFails() {
    signal.connectResponder(ConnectOptions.anySender(), event -> event.value().length());

    List<Response> responses = signal.sendRobust(Sender.class, new Ping("four"));

    assertThat(responses)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.value()).isEqualTo(4);
              assertThat(r.failed()).isFalse();
            });
  }

  @Test
  void sendRobustWithoutReceiversReturnsEmptyList() {
    assertThat(signal.sendRobust(Sender.class, new Ping("x"))).isEmpty();
  }

  @Test
  @ResourceLock(Resources.SYSTEM_ERR)
  void sendRobustPutsTheErrorInPlaceOfTheResponseAndGoesOn() {
    IllegalStateException boom = new IllegalStateException("I die a horrible death");
    signal.connect(
        ConnectOptions.anySender().name("failing"),
        event -> {
          throw boom;
        });
    signal.connect(recorder("after"));

    List<Response> responses = new ArrayList<>();
    String log =
        StderrLog.during(() -> responses.addAll(signal.sendRobust(Sender.class, new Ping("x"))));

    assertThat(log)
        .contains("ERROR", "Receiver failing of signal 'ping' failed")
        .contains("I die a horrible death");
    assertThat(responses).hasSize(2);
    assertThat(responses.get(0).error()).isSameAs(boom);
    assertThat(responses.get(0).receiver().receiver()).isEqualTo("failing");
    assertThat(responses.get(1).failed()).isFalse();
    assertThat(calls).containsExactly("after:x");
  }

  @Test
  void sendRobustNeverCatchesErrors() {
    signal.connect(
        event -> {
          throw new AssertionError("an Error is not a receiver failure");
        });
    signal.connect(recorder("after"));

    assertThatThrownBy(() -> signal.sendRobust(Sender.class, new Ping("x")))
        .isInstanceOf(AssertionError.class);
    assertThat(calls).isEmpty();
  }

  @Test
  void sendStopsAtFirstUncheckedExceptionAndPropagatesItUnchanged() {
    IllegalArgumentException boom = new IllegalArgumentException("bad");
    signal.connect(
        event -> {
          throw boom;
        });
    signal.connect(recorder("after"));

    assertThatThrownBy(() -> signal.send(Sender.class, new Ping("x"))).isSameAs(boom);
    assertThat(calls).isEmpty();
  }

  @Test
  void sendWrapsCheckedExceptionNamingTheReceiver() {
    IOException boom = new IOException("disk full");
    signal.connect(
        ConnectOptions.anySender().name("writer"),
        event -> {
          throw boom;
        });

    assertThatThrownBy(() -> signal.send(Sender.class, new Ping("x")))
        .isInstanceOf(SignalException.class)
        .hasMessageContaining("writer")
        .hasMessageContaining("ping")
        .hasCause(boom);
  }

  @Test
  void disconnectionOfSeveralReceivers() {
    Listener<Ping> a = recorder("a");
    Listener<Ping> b = recorder("b");
    Listener<Ping> c = recorder("c");
    signal.connect(a);
    signal.connect(b);
    signal.connect(c);

    assertThat(signal.disconnect(a)).isTrue();
    assertThat(signal.disconnect(c)).isTrue();
    signal.send(Sender.class, new Ping("x"));

    assertThat(calls).containsExactly("b:x");
    assertThat(signal.disconnect(b)).isTrue();
  }

  @Test
  void disconnectReportsWhetherSomethingWasRemoved() {
    Listener<Ping> receiver = recorder("r");
    assertThat(signal.disconnect(receiver)).isFalse();
    signal.connect(receiver);
    assertThat(signal.disconnect(Sender.class, receiver)).as("wrong sender").isFalse();
    assertThat(signal.disconnect(receiver)).isTrue();
    assertThat(signal.disconnect(receiver)).isFalse();
    assertThat(signal.disconnectUid("nothing")).isFalse();
  }

  @Test
  void hasListenersBeforeAndAfter() {
    assertThat(signal.hasListeners(Sender.class)).isFalse();
    Listener<Ping> receiver = recorder("r");
    signal.connect(Sender.class, receiver);
    assertThat(signal.hasListeners(Sender.class)).isTrue();
    assertThat(signal.hasListeners(String.class)).isFalse();
    signal.disconnect(Sender.class, receiver);
    assertThat(signal.hasListeners(Sender.class)).isFalse();
  }

  @Test
  void connectAllConnectsOneReceiverToSeveralSignals() {
    Connection both = Signal.connectAll(recorder("r"), signal, other);

    signal.send(Sender.class, new Ping("1"));
    other.send(Sender.class, new Ping("2"));

    assertThat(calls).containsExactly("r:1", "r:2");
    assertThat(both.disconnect()).isTrue();
    assertThat(both.isConnected()).isFalse();
  }

  @Test
  void connectionHandleIsAutoCloseable() {
    try (Connection connection = signal.connect(recorder("r"))) {
      assertThat(connection.isConnected()).isTrue();
      signal.send(Sender.class, new Ping("in"));
    }
    signal.send(Sender.class, new Ping("out"));
    assertThat(calls).containsExactly("r:in");
  }

  @Test
  void connectAndDisconnectDuringSendApplyFromTheNextSend() {
    Listener<Ping> late = recorder("late");
    Connection[] first = new Connection[1];
    first[0] =
        signal.connect(
            event -> {
              calls.add("first:" + event.value());
              first[0].disconnect();
              signal.connect(late);
            });
    signal.connect(recorder("second"));

    signal.send(Sender.class, new Ping("1"));
    signal.send(Sender.class, new Ping("2"));

    assertThat(calls).containsExactly("first:1", "second:1", "second:2", "late:2");
  }

  @Test
  void listingDescribesEachConnection() {
    signal.connect(ConnectOptions.sender(Sender.class).dispatchUid("audit"), recorder("r"));

    Connection info = signal.connections().get(0);

    assertThat(info.signal()).isEqualTo("ping");
    assertThat(info.sender()).isEqualTo(Sender.class);
    assertThat(info.dispatchUid()).isEqualTo("audit");
    assertThat(info.weak()).isFalse();
    assertThat(info.declaredAt()).startsWith(SignalTest.class.getName() + ".listingDescribesEach");
    assertThat(info.receiver()).startsWith("lambda@" + SignalTest.class.getName());
    assertThat(info.toString()).contains("uid audit").contains(Sender.class.getName());
  }

  @Test
  void sendAsyncRunsReceiversOnTheExecutor() throws Exception {
    ExecutorService executor = Executors.newSingleThreadExecutor();
    try {
      List<String> threads = new CopyOnWriteArrayList<>();
      signal.connect(event -> threads.add(Thread.currentThread().getName()));

      List<Response> responses =
          signal.sendAsync(Sender.class, new Ping("x"), executor).get(10, TimeUnit.SECONDS);

      assertThat(responses).hasSize(1);
      assertThat(threads).singleElement().isNotEqualTo(Thread.currentThread().getName());
    } finally {
      executor.shutdownNow();
    }
  }

  @Test
  void sendAsyncCompletesExceptionallyWithTheReceiversException() {
    ExecutorService executor = Executors.newSingleThreadExecutor();
    try {
      signal.connect(
          event -> {
            throw new IllegalStateException("async failure");
          });
      assertThat(signal.sendAsync(Sender.class, new Ping("x"), executor))
          .failsWithin(10, TimeUnit.SECONDS)
          .withThrowableOfType(java.util.concurrent.ExecutionException.class)
          .withCauseInstanceOf(IllegalStateException.class);
    } finally {
      executor.shutdownNow();
    }
  }
}
