package dev.jsignals.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jsignals.dispatch.Connection;
import dev.jsignals.dispatch.Response;
import dev.jsignals.dispatch.Signal;
import dev.jsignals.dispatch.SignalCapture;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MuteAndCaptureTest {
  private final Signal<String> signal = Signal.create("m", String.class);
  private final List<String> calls = new CopyOnWriteArrayList<>();
  private final ExecutorService executor = Executors.newSingleThreadExecutor();

  @AfterEach
  void nothingIsLeftConnected() throws InterruptedException {
    executor.shutdownNow();
    assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    assertThat(signal.connections()).isEmpty();
  }

  @Test
  void mutedThreadSendsNothingWhileAnotherThreadStillDelivers() throws Exception {
    Connection connection = signal.connect(event -> calls.add(event));
    try (var muted = signal.mute()) {
      assertThat(signal.send(String.class, "muted")).isEmpty();
      assertThat(signal.sendRobust(String.class, "mutedRobust")).isEmpty();
      CompletableFuture<List<Response>> other =
          CompletableFuture.supplyAsync(() -> signal.send(String.class, "other"), executor);
      assertThat(other.get(10, TimeUnit.SECONDS)).hasSize(1);
    }
    signal.send(String.class, "after");
    assertThat(calls).containsExactly("other", "after");
    connection.disconnect();
  }

  @Test
  void muteScopesNest() {
    Connection connection = signal.connect(event -> calls.add(event));
    try (var outer = signal.mute()) {
      try (var inner = signal.mute()) {
        signal.send(String.class, "inner");
      }
      signal.send(String.class, "outer");
    }
    signal.send(String.class, "free");
    assertThat(calls).containsExactly("free");
    connection.disconnect();
  }

  @Test
  void muteScopeMustBeClosedOnItsOwnThread() throws Exception {
    Connection connection = signal.connect(event -> calls.add(event));
    var scope = signal.mute();
    CompletableFuture<Void> elsewhere = CompletableFuture.runAsync(scope::close, executor);
    assertThatThrownBy(() -> elsewhere.get(10, TimeUnit.SECONDS))
        .hasCauseInstanceOf(IllegalStateException.class)
        .hasMessageContaining("muting is per thread");
    scope.close();
    scope.close();
    signal.send(String.class, "unmuted");
    assertThat(calls).containsExactly("unmuted");
    connection.disconnect();
  }

  @Test
  void captureRecordsSendsFromEveryThreadUntilClosed() throws Exception {
    SignalCapture<String> capture = signal.capture();
    assertThat(signal.connections())
        .singleElement()
        .satisfies(info -> assertThat(info.receiver()).startsWith("capture@"));
    assertThat(signal.hasListeners(String.class)).as("a capture is a connection").isTrue();
    signal.send(String.class, "here");
    CompletableFuture.runAsync(() -> signal.send(Integer.class, "there"), executor)
        .get(10, TimeUnit.SECONDS);
    capture.close();
    signal.send(String.class, "late");
    assertThat(capture.events()).containsExactly("here", "there");
    assertThat(capture.senders()).containsExactly(String.class, Integer.class);
  }

  @Test
  void sendAsyncRunsReceiversOnTheExecutor() throws Exception {
    Connection connection =
        signal.connect(event -> calls.add(event + "@" + Thread.currentThread().getName()));
    String caller = Thread.currentThread().getName();
    List<Response> responses =
        signal.sendAsync(String.class, "x", executor).get(10, TimeUnit.SECONDS);
    assertThat(responses).hasSize(1);
    assertThat(calls).singleElement().asString().startsWith("x@").doesNotEndWith("@" + caller);
    connection.disconnect();
  }

  @Test
  void sendAsyncCompletesExceptionallyWithTheReceiversException() {
    IllegalStateException boom = new IllegalStateException("boom");
    Connection connection =
        signal.connect(
            event -> {
              throw boom;
            });
    CompletableFuture<List<Response>> future = signal.sendAsync(String.class, "x", executor);
    assertThatThrownBy(future::join).isInstanceOf(CompletionException.class).hasCause(boom);
    connection.disconnect();
  }

  @Test
  void sendAsyncFromAMutedThreadSendsNothing() throws Exception {
    Connection connection = signal.connect(event -> calls.add(event));
    try (var muted = signal.mute()) {
      assertThat(signal.sendAsync(String.class, "x", executor).get(10, TimeUnit.SECONDS)).isEmpty();
    }
    assertThat(calls).isEmpty();
    connection.disconnect();
  }

  @Test
  void muteReturnsACaptureOfTheSendsItHeldBack() throws Exception {
    Connection connection = signal.connect(event -> calls.add(event));
    SignalCapture<String> held;
    try (var muted = signal.mute()) {
      held = muted;
      signal.send(String.class, "one");
      signal.sendRobust(Integer.class, "two");
      assertThat(signal.sendAsync(Long.class, "three", executor).get(10, TimeUnit.SECONDS))
          .isEmpty();
    }
    signal.send(String.class, "after");
    assertThat(held.events()).containsExactly("one", "two", "three");
    assertThat(held.senders()).containsExactly(String.class, Integer.class, Long.class);
    assertThat(calls).containsExactly("after");
    connection.disconnect();
  }

  @Test
  void theInnermostMuteRecordsANestedSend() {
    try (var outer = signal.mute()) {
      try (var inner = signal.mute()) {
        signal.send(String.class, "inner");
        assertThat(inner.events()).containsExactly("inner");
      }
      signal.send(String.class, "outer");
      assertThat(outer.events()).containsExactly("outer");
    }
  }
}
