package dev.jsignals.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jsignals.dispatch.ConnectOptions;
import dev.jsignals.dispatch.Connection;
import dev.jsignals.dispatch.Signal;
import dev.jsignals.dispatch.SignalException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RecursionGuardTest {
  private final Signal<String> signal = Signal.create("loop", String.class, 3);

  @AfterEach
  void nothingIsLeftConnected() {
    assertThat(signal.connections()).isEmpty();
  }

  @Test
  void resendingTheSameSignalPastTheLimitThrowsWithTheChain() {
    AtomicInteger depth = new AtomicInteger();
    Connection connection =
        signal.connect(
            ConnectOptions.sender(String.class).name("resender"),
            event -> {
              depth.incrementAndGet();
              signal.send(String.class, event);
            });
    assertThatThrownBy(() -> signal.send(String.class, "x"))
        .isInstanceOf(SignalException.class)
        .hasMessageContaining("Signal 'loop' was sent again for sender java.lang.String")
        .hasMessageContaining("3 such sends")
        .hasMessageContaining("1. loop (sender java.lang.String) -> resender")
        .hasMessageContaining("3. loop (sender java.lang.String) -> resender")
        .hasMessageContaining("4. loop (sender java.lang.String) refused");
    assertThat(depth).hasValue(3);
    connection.disconnect();
    // the thread's stack unwound: a normal send works again
    assertThat(signal.send(String.class, "y")).isEmpty();
  }

  @Test
  void nestingUpToTheLimitIsAllowed() {
    AtomicInteger depth = new AtomicInteger();
    Connection connection =
        signal.connect(
            event -> {
              if (depth.incrementAndGet() < 3) {
                signal.send(String.class, event);
              }
            });
    signal.send(String.class, "x");
    assertThat(depth).hasValue(3);
    connection.disconnect();
  }

  @Test
  void nestedSendsForAnotherSenderDoNotCount() {
    AtomicInteger calls = new AtomicInteger();
    Connection connection =
        signal.connect(
            event -> {
              int n = calls.incrementAndGet();
              if (n < 10) {
                signal.send(n % 2 == 0 ? String.class : Integer.class, event);
              }
            });
    Connection other = signal.connect(Integer.class, event -> {});
    assertThatThrownBy(() -> signal.send(String.class, "x")).isInstanceOf(SignalException.class);
    assertThat(calls.get()).isEqualTo(6);
    connection.disconnect();
    other.disconnect();
  }

  @Test
  void limitBelowOneIsRejected() {
    assertThatThrownBy(() -> Signal.create("s", String.class, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  record Saved(Object subject) {}

  /** A bean whose hash changes with its state, as a mutable entity's does between saves. */
  static final class Mutable {
    int version;

    @Override
    public boolean equals(Object other) {
      return other instanceof Mutable m && m.version == version;
    }

    @Override
    public int hashCode() {
      return version;
    }
  }

  @Test
  void nestedSendsForEqualButDistinctSubjectsDoNotCount() {
    Signal<Saved> saves = Signal.create("saves", Saved.class, 2, Saved::subject);
    AtomicInteger depth = new AtomicInteger();
    Connection connection =
        saves.connect(
            event -> {
              if (depth.incrementAndGet() < 6) {
                saves.send(String.class, new Saved(List.of("same")));
              }
            });
    saves.send(String.class, new Saved(List.of("same")));
    assertThat(depth).hasValue(6);
    connection.disconnect();
  }

  @Test
  void theSameSubjectIsStoppedEvenWhenItsHashCodeChanges() {
    Signal<Saved> saves = Signal.create("saves", Saved.class, 2, Saved::subject);
    Mutable bean = new Mutable();
    Connection connection =
        saves.connect(
            event -> {
              bean.version++;
              saves.send(String.class, new Saved(bean));
            });
    assertThatThrownBy(() -> saves.send(String.class, new Saved(bean)))
        .isInstanceOf(SignalException.class)
        .hasMessageContaining("Signal 'saves' was sent again");
    assertThat(bean.version).isEqualTo(2);
    connection.disconnect();
  }
}
