package dev.jsignals.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jsignals.dispatch.ConnectOptions;
import dev.jsignals.dispatch.Listener;
import dev.jsignals.dispatch.Signal;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@SuppressWarnings({"DataFlowIssue", "NullAway", "unchecked"})
class BadInputTest {
  private final Signal<String> signal = Signal.create("bad", String.class);
  private final Signal<String> other = Signal.create("other", String.class);
  private final Listener<String> receiver = event -> {};

  @AfterEach
  void nothingIsLeftConnected() {
    assertThat(signal.connections()).isEmpty();
    assertThat(other.connections()).isEmpty();
  }

  private static void assertNpeNaming(Runnable call, String argument) {
    assertThatThrownBy(call::run)
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining(argument);
  }

  @Test
  void nullArgumentsToConnectNameTheArgument() {
    assertNpeNaming(() -> signal.connect((Listener<String>) null), "receiver");
    assertNpeNaming(() -> signal.connect((Object) null, receiver), "sender");
    assertNpeNaming(() -> signal.connect(String.class, null), "receiver");
    assertNpeNaming(() -> signal.connect((ConnectOptions) null, receiver), "options");
    assertNpeNaming(() -> signal.connect(ConnectOptions.anySender(), null), "receiver");
    assertNpeNaming(() -> signal.connectResponder(null, event -> null), "options");
    assertNpeNaming(() -> signal.connectResponder(ConnectOptions.anySender(), null), "responder");
    assertNpeNaming(() -> signal.connectWeak(null, (o, e) -> {}), "owner");
    assertNpeNaming(() -> signal.connectWeak(new Object(), null), "receiver");
    assertNpeNaming(() -> ConnectOptions.sender(null), "sender");
    assertNpeNaming(() -> ConnectOptions.anySender().dispatchUid(null), "dispatchUid");
    assertNpeNaming(() -> ConnectOptions.anySender().name(null), "name");
  }

  @Test
  void nullArgumentsToSendNameTheArgument() {
    signal.connect(receiver);
    assertNpeNaming(() -> signal.send(null, "x"), "sender");
    assertNpeNaming(() -> signal.send(String.class, null), "event");
    assertNpeNaming(() -> signal.sendRobust(null, "x"), "sender");
    assertNpeNaming(() -> signal.sendRobust(String.class, null), "event");
    assertNpeNaming(() -> signal.sendAsync(String.class, "x", (Executor) null), "executor");
    assertNpeNaming(() -> signal.sendAsync(null, "x", Runnable::run), "sender");
    assertNpeNaming(() -> signal.sendAsync(String.class, null, Runnable::run), "event");
    assertNpeNaming(() -> signal.hasListeners(null), "sender");
    assertThat(signal.disconnect(receiver)).isTrue();
  }

  @Test
  void nullArgumentsToDisconnectNameTheArgument() {
    assertNpeNaming(() -> signal.disconnect(null), "receiver");
    assertNpeNaming(() -> signal.disconnect(null, receiver), "sender");
    assertNpeNaming(() -> signal.disconnect(String.class, null), "receiver");
    assertNpeNaming(() -> signal.disconnectUid(null), "dispatchUid");
    assertNpeNaming(() -> signal.disconnectUid(null, "u"), "sender");
    assertNpeNaming(() -> signal.disconnectUid(String.class, null), "dispatchUid");
  }

  @Test
  void nullSignalOrNameIsRejected() {
    assertNpeNaming(() -> Signal.create(null, String.class), "name");
    assertNpeNaming(() -> Signal.create("s", null), "eventType");
    assertNpeNaming(() -> Signal.connectAll(null, signal), "receiver");
    assertNpeNaming(() -> Signal.connectAll(receiver, (Signal<String>[]) null), "signals");
  }

  @Test
  void nullSignalInConnectAllConnectsNothing() {
    assertNpeNaming(() -> Signal.connectAll(receiver, signal, null, other), "signals[1]");
    assertThat(signal.connections()).isEmpty();
    assertThat(other.connections()).isEmpty();
  }

  @Test
  void blankDispatchUidIsRejected() {
    assertThatThrownBy(() -> ConnectOptions.anySender().dispatchUid("  "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("dispatchUid");
    assertThatThrownBy(() -> new ConnectOptions(null, "", null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ConnectOptions.anySender().name(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("name");
  }

  @Test
  void blankSignalNameIsRejected() {
    assertThatThrownBy(() -> Signal.create(" ", String.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("name");
  }

  @Test
  void failedConnectsLeaveNoConnectionBehind() {
    assertNpeNaming(() -> signal.connect(ConnectOptions.anySender(), null), "receiver");
    assertNpeNaming(() -> signal.connectWeak(new Object(), null), "receiver");
    assertThat(signal.connections()).isEmpty();
    assertThat(signal.hasListeners(String.class)).isFalse();
  }

  @Test
  void connectAllWithNoSignalIsRefused() {
    assertThatThrownBy(() -> Signal.<String>connectAll(receiver))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one signal");
  }
}
