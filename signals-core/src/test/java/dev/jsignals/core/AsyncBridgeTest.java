package dev.jsignals.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jsignals.dispatch.ConnectOptions;
import dev.jsignals.dispatch.Response;
import dev.jsignals.dispatch.Signal;
import dev.jsignals.dispatch.SignalCapture;
import dev.jsignals.dispatch.SignalException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;

/**
 * Asynchronous receivers met by a plain send (Django's async_to_sync), and the mute, capture and
 * recursion-guard rules of asynchronous sends.
 */
class AsyncBridgeTest {
  private final Signal<String> signal = Signal.create("bridge", String.class);
  private final ExecutorService workers = Executors.newCachedThreadPool();
  private final List<String> calls = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() throws InterruptedException {
    workers.shutdownNow();
    assertThat(workers.awaitTermination(1, TimeUnit.MINUTES)).isTrue();
  }

  @Test
  void plainSendWaitsForEachAsynchronousReceiverBeforeTheNext() {
    signal.connectAsync(
        event ->
            CompletableFuture.supplyAsync(
                () -> {
                  calls.add("async done");
                  return "value";
                },
                workers));
    signal.connect(event -> calls.add("sync"));

    List<Response> responses = signal.send(String.class, "x");

    assertThat(calls).containsExactly("async done", "sync");
    assertThat(responses).extracting(Response::value).containsExactly("value", null);
  }

  @Test
  void plainSendGivesUpAfterTheAsyncTimeoutNamingTheReceiverAndCancelsItsStage() {
    CompletableFuture<String> never = new CompletableFuture<>();
    signal.connectAsync(ConnectOptions.anySender().name("slowMail"), event -> never);
    signal.asyncTimeout(Duration.ofMillis(20));

    assertThatThrownBy(() -> signal.send(String.class, "x"))
        .isInstanceOf(SignalException.class)
        .hasMessageContaining("Asynchronous receiver slowMail of signal 'bridge'")
        .hasMessageContaining("did not complete within PT0.02S");
    assertThat(never).isCancelled();
  }

  @Test
  void asyncTimeoutMustBePositive() {
    assertThatThrownBy(() -> signal.asyncTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("asyncTimeout must be positive");
    assertThat(signal.asyncTimeout()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void plainSendPropagatesAFailedStageUnchanged() {
    IllegalStateException boom = new IllegalStateException("boom");
    signal.connectAsync(event -> CompletableFuture.failedFuture(boom));
    signal.connect(event -> calls.add("never"));

    assertThatThrownBy(() -> signal.send(String.class, "x")).isSameAs(boom);
    assertThat(calls).isEmpty();
  }

  @Test
  @ResourceLock(Resources.SYSTEM_ERR)
  void robustPlainSendRecordsAFailedStage() {
    IllegalStateException boom = new IllegalStateException("boom");
    signal.connectAsync(
        ConnectOptions.anySender().name("failing"), event -> CompletableFuture.failedFuture(boom));
    signal.connect(event -> calls.add("next"));

    String log =
        StderrLog.during(
            () ->
                assertThat(signal.sendRobust(String.class, "x"))
                    .extracting(Response::error)
                    .containsExactly(boom, null));

    assertThat(log).contains("Receiver failing of signal 'bridge' failed");
    assertThat(calls).containsExactly("next");
  }

  @Test
  void aMutedThreadCallsNoAsynchronousReceiverAndTheMuteRecordsTheSend() {
    signal.connectAsync(
        event -> {
          calls.add(event);
          return CompletableFuture.completedFuture(null);
        });
    try (SignalCapture<String> muted = signal.mute()) {
      assertThat(signal.sendAsync(String.class, "a").join()).isEmpty();
      assertThat(signal.send(String.class, "b")).isEmpty();
      assertThat(muted.events()).containsExactly("a", "b");
    }
    assertThat(calls).isEmpty();
  }

  @Test
  void aCaptureRecordsAsynchronousSends() {
    signal.connectAsync(event -> CompletableFuture.completedFuture("done"));
    try (SignalCapture<String> sent = signal.capture()) {
      List<Response> responses = signal.sendAsync(String.class, "x").join();
      assertThat(responses).extracting(Response::value).containsExactly("done", null);
      assertThat(sent.events()).containsExactly("x");
    }
  }

  @Test
  void theRecursionGuardStopsAnAsynchronousReceiverThatResendsOnTheSendingThread() {
    Signal<String> guarded = Signal.create("guarded", String.class, 1);
    guarded.connectAsync(
        ConnectOptions.anySender().name("resender"),
        event -> CompletableFuture.completedFuture(guarded.send(String.class, event)));

    assertThatThrownBy(() -> guarded.sendAsync(String.class, "x").join())
        .isInstanceOf(CompletionException.class)
        .cause()
        .isInstanceOf(SignalException.class)
        .satisfies(
            e ->
                assertThat(((SignalException) e).recursionChain())
                    .containsExactly(
                        "guarded (sender java.lang.String) -> resender",
                        "guarded (sender java.lang.String) refused"));
    assertThatThrownBy(() -> guarded.send(String.class, "x"))
        .isInstanceOf(SignalException.class)
        .hasMessageContaining("Signal 'guarded' was sent again");
  }
}
