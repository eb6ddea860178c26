package dev.jsignals.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jsignals.dispatch.ConnectOptions;
import dev.jsignals.dispatch.Response;
import dev.jsignals.dispatch.Signal;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;

/** sendAsync and sendAsyncRobust with asynchronous receivers: Django 5's asend. */
class AsyncSendTest {
  private final Signal<String> signal = Signal.create("async", String.class);
  private final ExecutorService executor = Executors.newSingleThreadExecutor();
  private final ExecutorService workers = Executors.newCachedThreadPool();
  private final List<String> calls = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() throws InterruptedException {
    executor.shutdownNow();
    workers.shutdownNow();
    assertThat(executor.awaitTermination(1, TimeUnit.MINUTES)).isTrue();
    assertThat(workers.awaitTermination(1, TimeUnit.MINUTES)).isTrue();
  }

  private static ConnectOptions named(String name) {
    return ConnectOptions.anySender().name(name);
  }

  @Test
  void responsesComeInConnectionOrderWhateverOrderTheStagesFinishIn() throws Exception {
    CompletableFuture<String> slow = new CompletableFuture<>();
    signal.connectResponder(named("a"), event -> "a:" + event);
    signal.connectAsync(named("b"), event -> slow);
    signal.connectResponder(named("c"), event -> "c:" + event);
    signal.connectAsync(named("d"), event -> CompletableFuture.completedFuture("d:" + event));

    CompletableFuture<List<Response>> sent = signal.sendAsync(String.class, "x", executor);
    slow.complete("b:x");

    List<Response> responses = sent.get(1, TimeUnit.MINUTES);
    assertThat(responses)
        .extracting(r -> r.receiver().receiver())
        .containsExactly("a", "b", "c", "d");
    assertThat(responses).extracting(Response::value).containsExactly("a:x", "b:x", "c:x", "d:x");
  }

  @Test
  void twoAsynchronousReceiversRunAtTheSameTime() throws Exception {
    CountDownLatch bothRunning = new CountDownLatch(2);
    for (String name : List.of("first", "second")) {
      signal.connectAsync(
          named(name).dispatchUid(name), // the same lambda twice: a uid keeps both
          event ->
              CompletableFuture.supplyAsync(
                  () -> {
                    bothRunning.countDown();
                    try {
                      // Only true if the other receiver's stage runs meanwhile.
                      return bothRunning.await(2, TimeUnit.MINUTES);
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                      return false;
                    }
                  },
                  workers));
    }

    List<Response> responses =
        signal.sendAsync(String.class, "x", executor).get(3, TimeUnit.MINUTES);

    assertThat(responses).extracting(Response::value).containsExactly(true, true);
  }

  @Test
  void asynchronousReceiversStartOnTheSenderAndSynchronousOnesRunOnTheExecutor() throws Exception {
    signal.connect(event -> calls.add("sync@" + Thread.currentThread().getName()));
    signal.connectAsync(
        event -> {
          calls.add("async@" + Thread.currentThread().getName());
          return CompletableFuture.completedFuture(null);
        });
    String executorThread = executor.submit(() -> Thread.currentThread().getName()).get();

    signal.sendAsync(String.class, "x", executor).get(1, TimeUnit.MINUTES);

    assertThat(calls)
        .containsExactlyInAnyOrder(
            "sync@" + executorThread, "async@" + Thread.currentThread().getName());
  }

  @Test
  @ResourceLock(Resources.SYSTEM_ERR)
  void robustSendCollectsEachFailureAsItsResponse() {
    IllegalStateException stageFailure = new IllegalStateException("stage failed");
    IOException startFailure = new IOException("could not start");
    IllegalArgumentException syncFailure = new IllegalArgumentException("sync failed");
    CompletableFuture<String> failing = new CompletableFuture<>();
    signal.connectAsync(named("stage"), event -> failing);
    signal.connectAsync(
        named("start"),
        event -> {
          throw startFailure;
        });
    signal.connect(
        named("sync"),
        event -> {
          throw syncFailure;
        });
    signal.connectResponder(named("fine"), event -> "ok");

    String log =
        StderrLog.during(
            () -> {
              CompletableFuture<List<Response>> sent =
                  signal.sendAsyncRobust(String.class, "x", executor);
              failing.completeExceptionally(stageFailure);
              List<Response> responses = sent.orTimeout(1, TimeUnit.MINUTES).join();
              assertThat(responses)
                  .extracting(Response::error)
                  .containsExactly(stageFailure, startFailure, syncFailure, null);
              assertThat(responses.get(3).value()).isEqualTo("ok");
            });

    assertThat(log)
        .contains("Receiver stage of signal 'async' failed")
        .contains("Receiver start of signal 'async' failed")
        .contains("Receiver sync of signal 'async' failed");
  }

  @Test
  void sendFailsWithTheFirstFailureAndCancelsTheStagesStillRunning() {
    CompletableFuture<String> outstanding = new CompletableFuture<>();
    CompletableFuture<String> failing = new CompletableFuture<>();
    signal.connectAsync(event -> outstanding);
    signal.connectAsync(event -> failing);
    IllegalStateException boom = new IllegalStateException("boom");

    CompletableFuture<List<Response>> sent = signal.sendAsync(String.class, "x", executor);
    failing.completeExceptionally(boom);

    assertThatThrownBy(sent::join).isInstanceOf(CompletionException.class).hasCause(boom);
    assertThat(outstanding).isCancelled();
  }

  @Test
  void aCheckedFailureOfAStageIsWrappedNamingTheReceiver() {
    signal.connectAsync(
        named("audit"), event -> CompletableFuture.failedFuture(new IOException("disk full")));

    assertThatThrownBy(() -> signal.sendAsync(String.class, "x", executor).join())
        .hasCauseInstanceOf(dev.jsignals.dispatch.SignalException.class)
        .cause()
        .hasMessageContaining("Receiver audit of signal 'async' threw java.io.IOException")
        .hasRootCauseMessage("disk full");
  }

  @Test
  void cancellingTheSendCancelsOutstandingStagesAndSkipsSynchronousReceiversNotYetCalled()
      throws Exception {
    CompletableFuture<String> outstanding = new CompletableFuture<>();
    CountDownLatch firstRunning = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    signal.connectAsync(event -> outstanding);
    signal.connect(
        event -> {
          firstRunning.countDown();
          assertThat(release.await(2, TimeUnit.MINUTES)).isTrue();
          calls.add("first");
        });
    signal.connect(event -> calls.add("second"));

    CompletableFuture<List<Response>> sent = signal.sendAsync(String.class, "x", executor);
    assertThat(firstRunning.await(2, TimeUnit.MINUTES)).isTrue();
    assertThat(sent.cancel(true)).isTrue();
    assertThat(outstanding).isCancelled();
    release.countDown();
    executor.submit(() -> {}).get(2, TimeUnit.MINUTES); // the send's task has ended

    assertThat(calls).containsExactly("first");
  }

  @Test
  void aTimedOutSendCancelsItsOutstandingStages() throws Exception {
    CompletableFuture<String> never = new CompletableFuture<>();
    CountDownLatch cancelled = new CountDownLatch(1);
    never.whenComplete((value, failure) -> cancelled.countDown());
    signal.connectAsync(event -> never);

    CompletableFuture<List<Response>> sent =
        signal.sendAsync(String.class, "x", executor).orTimeout(10, TimeUnit.MILLISECONDS);

    assertThatThrownBy(sent::join).hasCauseInstanceOf(TimeoutException.class);
    assertThat(cancelled.await(2, TimeUnit.MINUTES)).isTrue();
    assertThat(never).isCancelled();
  }

  @Test
  void theDefaultExecutorUsesVirtualThreadsWhereTheJdkHasThem() throws Throwable {
    CompletableFuture<Thread> ran = new CompletableFuture<>();
    signal.connect(event -> ran.complete(Thread.currentThread()));

    signal.sendAsync(String.class, "x").get(1, TimeUnit.MINUTES);

    Thread thread = ran.get();
    assertThat(thread).isNotSameAs(Thread.currentThread());
    if (Runtime.version().feature() >= 21) {
      boolean virtual = (boolean) Thread.class.getMethod("isVirtual").invoke(thread);
      assertThat(virtual).as("virtual thread").isTrue();
    } else {
      assertThat(thread.getName()).startsWith("jsignals-async-");
      assertThat(thread.isDaemon()).isTrue();
    }
  }
}
