package dev.jsignals.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jsignals.dispatch.ConnectOptions;
import dev.jsignals.dispatch.Connection;
import dev.jsignals.dispatch.Listener;
import dev.jsignals.dispatch.Response;
import dev.jsignals.dispatch.Signal;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;

/** Django's dispatcher suite (tests/dispatch/tests.py), behaviour by behaviour. */
class DjangoDispatchTest {
  private final Signal<String> a = Signal.create("a", String.class);
  private final Signal<String> b = Signal.create("b", String.class);
  private final Signal<String> c = Signal.create("c", String.class);
  private final List<String> calls = new ArrayList<>();

  @AfterEach
  void nothingIsLeftConnected() {
    assertThat(a.connections()).isEmpty();
    assertThat(b.connections()).isEmpty();
    assertThat(c.connections()).isEmpty();
  }

  private Function<String, Object> echo(String tag) {
    return event -> {
      calls.add(tag + ":" + event);
      return tag + ":" + event;
    };
  }

  @Test
  void sendCallsTheReceiverOfTheSenderAndReturnsItsResponse() {
    Connection connection = a.connectResponder(ConnectOptions.sender(String.class), echo("r"));
    List<Response> responses = a.send(String.class, "hi");
    assertThat(responses).extracting(Response::value).containsExactly("r:hi");
    assertThat(responses.get(0).receiver()).isSameAs(connection);
    assertThat(responses.get(0).receiver().signal()).isEqualTo("a");
    assertThat(connection.disconnect()).isTrue();
  }

  @Test
  void sendWithNoReceiversReturnsAnEmptyList() {
    assertThat(a.send(String.class, "hi")).isEmpty();
  }

  @Test
  void receiverForAnySenderReceivesEverySender() {
    Function<String, Object> responder = echo("r");
    Connection connection = a.connectResponder(ConnectOptions.anySender(), responder);
    assertThat(a.send(String.class, "1")).hasSize(1);
    assertThat(a.send(Integer.class, "2")).hasSize(1);
    assertThat(a.send(new Object(), "3")).hasSize(1);
    assertThat(calls).containsExactly("r:1", "r:2", "r:3");
    assertThat(a.disconnect(responder)).isTrue();
    assertThat(connection.isConnected()).isFalse();
  }

  @Test
  void receiverForAnotherSenderIsNotCalled() {
    Connection connection = a.connect(Integer.class, event -> calls.add(event));
    assertThat(a.send(String.class, "x")).isEmpty();
    assertThat(calls).isEmpty();
    connection.disconnect();
  }

  @Test
  void senderMayBeAPlainObject() {
    Object sender = new Object();
    Listener<String> receiver = event -> calls.add(event);
    Connection connection = a.connect(sender, receiver);
    a.send(sender, "x");
    a.send(new Object(), "y");
    assertThat(calls).containsExactly("x");
    assertThat(a.disconnect(sender, receiver)).isTrue();
    assertThat(connection.disconnect()).isFalse();
  }

  @Test
  void theSameReceiverConnectedSixTimesIsOneConnection() {
    Listener<String> receiver = calls::add;
    List<Connection> made = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      made.add(a.connect(receiver));
    }
    assertThat(a.connections()).hasSize(1);
    assertThat(made.get(0).isDuplicate()).isFalse();
    assertThat(made.subList(1, 6)).allMatch(Connection::isDuplicate);
    a.send(String.class, "once");
    assertThat(calls).containsExactly("once");
    assertThat(a.disconnect(receiver)).isTrue();
  }

  @Test
  void twoReceiversWithOneUidKeepTheFirst() {
    ConnectOptions uid = ConnectOptions.anySender().dispatchUid("uid");
    a.connect(uid, event -> calls.add("first"));
    Connection second = a.connect(uid, event -> calls.add("second"));
    assertThat(second.isDuplicate()).isTrue();
    a.send(String.class, "x");
    assertThat(calls).containsExactly("first");
    assertThat(a.disconnectUid("uid")).isTrue();
  }

  @Test
  void sendRobustReturnsEveryResponse() {
    a.connectResponder(ConnectOptions.anySender().dispatchUid("r"), echo("r"));
    assertThat(a.sendRobust(String.class, "x")).extracting(Response::value).containsExactly("r:x");
    assertThat(a.sendRobust(Integer.class, "y")).singleElement().matches(r -> !r.failed());
    a.disconnectUid("r");
    assertThat(a.sendRobust(String.class, "z")).isEmpty();
  }

  @Test
  @ResourceLock(Resources.SYSTEM_ERR)
  void sendRobustPutsTheErrorInPlaceOfTheResponseAndLogsItOnce() {
    IllegalStateException boom = new IllegalStateException("boom");
    Connection failing =
        a.connect(
            ConnectOptions.anySender().name("failingReceiver"),
            event -> {
              throw boom;
            });
    a.connectResponder(ConnectOptions.anySender().dispatchUid("next"), echo("next"));
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    List<Response> responses;
    try {
      System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
      responses = a.sendRobust(String.class, "x");
    } finally {
      System.setErr(original);
    }
    assertThat(responses).hasSize(2);
    assertThat(responses.get(0).failed()).isTrue();
    assertThat(responses.get(0).error()).isSameAs(boom);
    assertThat(responses.get(0).value()).isNull();
    assertThat(responses.get(1).value()).isEqualTo("next:x");
    assertThat(responses.get(0).receiver().receiver()).isEqualTo("failingReceiver");
    assertThat(responses.get(1).failed()).isFalse();
    assertThat(calls).containsExactly("next:x");
    String log = captured.toString(StandardCharsets.UTF_8);
    assertThat(log).contains("ERROR").contains("failingReceiver").contains("boom");
    assertThat(log.split("Receiver failingReceiver", -1)).hasSize(2);
    a.disconnectUid("next");
    failing.disconnect();
  }

  @Test
  void disconnectsSeveralReceivers() {
    Listener<String> one = event -> calls.add("1");
    Listener<String> two = event -> calls.add("2");
    Listener<String> three = event -> calls.add("3");
    a.connect(one);
    a.connect(two);
    a.connect(three);
    assertThat(a.disconnect(one)).isTrue();
    assertThat(a.disconnect(two)).isTrue();
    a.send(String.class, "x");
    assertThat(calls).containsExactly("3");
    assertThat(a.disconnect(three)).isTrue();
  }

  @Test
  void disconnectTellsWhetherSomethingWasRemoved() {
    Listener<String> receiver = calls::add;
    assertThat(a.disconnect(receiver)).isFalse();
    a.connect(receiver);
    assertThat(a.disconnect(String.class, receiver)).isFalse();
    assertThat(a.disconnect(receiver)).isTrue();
    assertThat(a.disconnect(receiver)).isFalse();
    assertThat(a.disconnectUid("nothing")).isFalse();
  }

  @Test
  void hasListenersBeforeAndAfter() {
    assertThat(a.hasListeners(String.class)).isFalse();
    Connection forString = a.connect(String.class, calls::add);
    assertThat(a.hasListeners(String.class)).isTrue();
    assertThat(a.hasListeners(Integer.class)).isFalse();
    forString.disconnect();
    assertThat(a.hasListeners(String.class)).isFalse();
    Connection any = a.connect(calls::add);
    assertThat(a.hasListeners(Integer.class)).isTrue();
    any.close();
    assertThat(a.hasListeners(Integer.class)).isFalse();
  }

  @Test
  void connectAllConnectsOneReceiverToEverySignal() {
    Listener<Object> receiver = event -> calls.add(String.valueOf(event));
    Connection all = Signal.connectAll(receiver, a, b, c);
    a.send(String.class, "a");
    b.send(String.class, "b");
    c.send(String.class, "c");
    assertThat(calls).containsExactly("a", "b", "c");
    assertThat(all.disconnect()).isTrue();
    assertThat(all.isConnected()).isFalse();
  }

  @Test
  void sendRobustNeverCatchesErrors() {
    Connection connection =
        a.connect(
            event -> {
              throw new AssertionError("fatal");
            });
    Connection after = a.connect(calls::add);
    assertThatThrownBy(() -> a.sendRobust(String.class, "x"))
        .isInstanceOf(AssertionError.class)
        .hasMessage("fatal");
    assertThat(calls).as("the loop stopped at the Error").isEmpty();
    connection.disconnect();
    after.disconnect();
  }

  @Test
  void hasListenersWithoutSenderTellsWhetherAnyReceiverIsConnected() {
    assertThat(a.hasListeners()).isFalse();
    Connection forString = a.connect(String.class, calls::add);
    assertThat(a.hasListeners()).isTrue();
    forString.disconnect();
    assertThat(a.hasListeners()).isFalse();
  }
}
