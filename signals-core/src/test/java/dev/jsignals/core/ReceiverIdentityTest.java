package dev.jsignals.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jsignals.dispatch.ConnectOptions;
import dev.jsignals.dispatch.Connection;
import dev.jsignals.dispatch.Listener;
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

/** slf4j-simple logs to System.err; these tests read it back. */
@ResourceLock(Resources.SYSTEM_ERR)
class ReceiverIdentityTest {
  private final Signal<String> signal = Signal.create("dup", String.class);
  private final List<String> calls = new ArrayList<>();

  @AfterEach
  void nothingIsLeftConnected() {
    assertThat(signal.connections()).isEmpty();
  }

  private static String stderrOf(Runnable action) {
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    try {
      System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
      action.run();
    } finally {
      System.setErr(original);
    }
    return captured.toString(StandardCharsets.UTF_8);
  }

  private Listener<String> recorder(List<String> target) {
    return target::add;
  }

  private Function<String, Object> responder(List<String> target) {
    return target::add;
  }

  @Test
  void sameMethodReferenceOfTheSameObjectConnectedTwiceIsOneConnection() {
    Connection first = signal.connect(recorder(calls));
    Connection second = signal.connect(recorder(calls));
    assertThat(first.isDuplicate()).isFalse();
    assertThat(second.isDuplicate()).isTrue();
    signal.send(String.class, "x");
    assertThat(calls).containsExactly("x");
    assertThat(signal.disconnect(recorder(calls))).isTrue();
    assertThat(first.isConnected()).isFalse();
  }

  @Test
  void sameMethodReferenceOfAnotherObjectIsAnotherConnection() {
    List<String> others = new ArrayList<>();
    List<Connection> made = new ArrayList<>();
    String log =
        stderrOf(
            () -> {
              made.add(signal.connect(recorder(calls)));
              made.add(signal.connect(recorder(others)));
            });
    Connection first = made.get(0);
    Connection second = made.get(1);
    assertThat(second.isDuplicate()).isFalse();
    // Two empty lists are equal: the receivers look alike, so a warning says so, and both connect.
    assertThat(log).contains("looks like a second connection of");
    signal.send(String.class, "x");
    assertThat(calls).containsExactly("x");
    assertThat(others).containsExactly("x");
    first.disconnect();
    second.disconnect();
  }

  @Test
  void unidentifiableSecondConnectionIsWarnedAboutNamingBothCallSitesAndConnectedTwice() {
    List<Connection> made = new ArrayList<>();
    String log =
        stderrOf(
            () -> {
              made.add(signal.connectResponder(ConnectOptions.anySender(), responder(calls)));
              made.add(signal.connectResponder(ConnectOptions.anySender(), responder(calls)));
            });
    String site = ReceiverIdentityTest.class.getName() + ".lambda$";
    assertThat(log)
        .contains("WARN")
        .contains("looks like a second connection of")
        .contains("connected at " + made.get(1).declaredAt())
        .contains("connected at " + made.get(0).declaredAt());
    assertThat(made.get(0).declaredAt()).startsWith(site);
    assertThat(made).noneMatch(Connection::isDuplicate);
    signal.send(String.class, "x");
    assertThat(calls).containsExactly("x", "x");
    made.forEach(Connection::disconnect);
  }

  @Test
  void sameLambdaCapturingOtherValuesIsNotWarnedAbout() {
    List<String> others = new ArrayList<>(List.of("already used"));
    List<Connection> made = new ArrayList<>();
    String log =
        stderrOf(
            () -> {
              made.add(signal.connectResponder(ConnectOptions.anySender(), responder(calls)));
              made.add(signal.connectResponder(ConnectOptions.anySender(), responder(others)));
            });
    assertThat(log).doesNotContain("looks like a second connection");
    made.forEach(Connection::disconnect);
  }
}
