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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SignalConnectTest {
  static class Base {}

  static final class Derived extends Base {}

  private final Signal<String> signal = Signal.create("s", String.class);
  private final List<String> calls = new ArrayList<>();

  @AfterEach
  void nothingIsLeftConnected() {
    assertThat(signal.connections()).isEmpty();
  }

  @Test
  void sameReceiverForAnySenderAndForOneSenderIsTwoConnections() {
    Listener<String> receiver = calls::add;
    Connection any = signal.connect(receiver);
    Connection one = signal.connect(String.class, receiver);
    assertThat(any.isDuplicate()).isFalse();
    assertThat(one.isDuplicate()).isFalse();
    assertThat(signal.connections()).hasSize(2);
    signal.send(String.class, "x");
    assertThat(calls).containsExactly("x", "x");
    assertThat(signal.disconnect(String.class, receiver)).isTrue();
    assertThat(signal.disconnect(receiver)).isTrue();
  }

  @Test
  void sameUidForTwoSendersIsTwoConnections() {
    signal.connect(ConnectOptions.sender(String.class).dispatchUid("u"), calls::add);
    Connection other =
        signal.connect(ConnectOptions.sender(Integer.class).dispatchUid("u"), calls::add);
    assertThat(other.isDuplicate()).isFalse();
    assertThat(signal.connections()).hasSize(2);
    assertThat(signal.disconnectUid("u")).as("no any-sender connection has this uid").isFalse();
    assertThat(signal.disconnectUid(String.class, "u")).isTrue();
    assertThat(signal.disconnectUid(Integer.class, "u")).isTrue();
  }

  @Test
  void duplicateHandleCannotDisconnectTheFirstConnection() {
    Listener<String> receiver = calls::add;
    Connection first = signal.connect(receiver);
    Connection duplicate = signal.connect(receiver);
    assertThat(duplicate.isDuplicate()).isTrue();
    assertThat(List.of(duplicate.signal(), duplicate.receiver(), duplicate.declaredAt()))
        .isEqualTo(List.of(first.signal(), first.receiver(), first.declaredAt()));
    assertThat(duplicate.disconnect()).isFalse();
    duplicate.close();
    assertThat(first.isConnected()).isTrue();
    signal.send(String.class, "still");
    assertThat(calls).containsExactly("still");
    assertThat(first.disconnect()).isTrue();
    assertThat(first.isConnected()).isFalse();
    assertThat(first.disconnect()).isFalse();
  }

  @Test
  void sendersAreMatchedByIdentityNeverBySubclass() {
    Connection base = signal.connect(Base.class, calls::add);
    signal.send(Derived.class, "derived");
    assertThat(calls).isEmpty();
    signal.send(Base.class, "base");
    assertThat(calls).containsExactly("base");
    String equalButDistinct = new String("key");
    Connection byKey = signal.connect("key", event -> calls.add("key:" + event));
    signal.send(equalButDistinct, "other");
    assertThat(calls).containsExactly("base");
    byKey.disconnect();
    base.disconnect();
  }

  @Test
  void connectionsListsReceiverNameSenderUidWeakAndCallSite() {
    Connection named =
        signal.connect(
            ConnectOptions.sender(String.class).dispatchUid("audit").name("auditReceiver"),
            calls::add);
    Connection lambda = signal.connect(event -> calls.add(event));
    Object owner = new Object();
    Connection weak = signal.connectWeak(owner, (o, event) -> calls.add(event));
    List<Connection> infos = signal.connections();
    assertThat(infos).hasSize(3);
    Connection first = infos.get(0);
    assertThat(first.signal()).isEqualTo("s");
    assertThat(first.receiver()).isEqualTo("auditReceiver");
    assertThat(first.sender()).isEqualTo(String.class);
    assertThat(first.dispatchUid()).isEqualTo("audit");
    assertThat(first.weak()).isFalse();
    assertThat(first.declaredAt())
        .startsWith(SignalConnectTest.class.getName() + ".connectionsListsReceiverNameSenderUid")
        .contains("SignalConnectTest.java:");
    assertThat(first.toString()).contains("auditReceiver", "uid audit", String.class.getName());
    assertThat(infos.get(1).receiver()).startsWith("lambda@" + SignalConnectTest.class.getName());
    assertThat(infos.get(1).sender()).isNull();
    assertThat(infos.get(2).weak()).isTrue();
    assertThat(infos.get(2).toString()).contains("[weak]", "any sender");
    assertThatThrownBy(() -> infos.add(first)).isInstanceOf(UnsupportedOperationException.class);
    named.disconnect();
    lambda.disconnect();
    assertThat(signal.disconnect(owner)).isTrue();
    assertThat(weak.isConnected()).isFalse();
  }

  @Test
  void connectionIsAutoCloseable() {
    try (Connection connection = signal.connect(calls::add)) {
      assertThat(connection.isConnected()).isTrue();
      signal.send(String.class, "inside");
    }
    signal.send(String.class, "outside");
    assertThat(calls).containsExactly("inside");
  }

  @Test
  void connectDuringSendAppliesFromTheNextSend() {
    Listener<String> late = event -> calls.add("late:" + event);
    Connection adder =
        signal.connect(
            event -> {
              calls.add("adder:" + event);
              signal.connect(late);
            });
    signal.send(String.class, "1");
    assertThat(calls).containsExactly("adder:1");
    signal.send(String.class, "2");
    assertThat(calls).containsExactly("adder:1", "adder:2", "late:2");
    adder.disconnect();
    signal.disconnect(late);
  }

  @Test
  void disconnectDuringSendAppliesFromTheNextSend() {
    List<Connection> victim = new ArrayList<>();
    Connection remover =
        signal.connect(
            event -> {
              calls.add("remover:" + event);
              victim.get(0).disconnect();
            });
    victim.add(signal.connect(event -> calls.add("victim:" + event)));
    signal.send(String.class, "1");
    assertThat(calls).containsExactly("remover:1", "victim:1");
    signal.send(String.class, "2");
    assertThat(calls).containsExactly("remover:1", "victim:1", "remover:2");
    remover.disconnect();
  }

  @Test
  void checkedExceptionIsWrappedInSignalExceptionNamingTheReceiver() {
    IOException cause = new IOException("disk full");
    Connection connection =
        signal.connect(
            ConnectOptions.anySender().name("writer"),
            event -> {
              throw cause;
            });
    assertThatThrownBy(() -> signal.send(String.class, "x"))
        .isInstanceOf(SignalException.class)
        .hasMessageContaining("writer")
        .hasMessageContaining("'s'")
        .hasCause(cause);
    connection.disconnect();
  }

  @Test
  void uncheckedExceptionPropagatesUnchangedAndStopsTheLoop() {
    IllegalStateException boom = new IllegalStateException("boom");
    Connection failing =
        signal.connect(
            event -> {
              throw boom;
            });
    Connection after = signal.connect(calls::add);
    assertThatThrownBy(() -> signal.send(String.class, "x")).isSameAs(boom);
    assertThat(calls).isEmpty();
    failing.disconnect();
    after.disconnect();
  }

  @Test
  void receiversAreCalledInConnectionOrder() {
    for (int i = 0; i < 5; i++) {
      String tag = "r" + i;
      signal.connect(ConnectOptions.anySender().dispatchUid(tag), event -> calls.add(tag));
    }
    signal.send(String.class, "x");
    assertThat(calls).containsExactly("r0", "r1", "r2", "r3", "r4");
    for (int i = 0; i < 5; i++) {
      assertThat(signal.disconnectUid("r" + i)).isTrue();
    }
  }

  @Test
  void globalAndSenderSpecificReceiversInterleaveInConnectionOrder() {
    Connection one = signal.connect(event -> calls.add("any1"));
    Connection two = signal.connect(String.class, event -> calls.add("string"));
    Connection three = signal.connect(Integer.class, event -> calls.add("integer"));
    Connection four = signal.connect(event -> calls.add("any2"));
    List<Response> responses = signal.send(String.class, "x");
    assertThat(calls).containsExactly("any1", "string", "any2");
    assertThat(responses).hasSize(3);
    assertThat(signal.connections())
        .extracting(Connection::sender)
        .containsExactly(null, String.class, Integer.class, null);
    for (Connection c : List.of(one, two, three, four)) {
      c.close();
    }
  }
}
