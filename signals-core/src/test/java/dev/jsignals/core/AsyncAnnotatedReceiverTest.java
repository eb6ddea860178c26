package dev.jsignals.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jsignals.dispatch.Response;
import dev.jsignals.dispatch.SignalException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;

/** {@code @Receiver} methods that return a CompletionStage, connected by reflection. */
class AsyncAnnotatedReceiverTest {
  record User(String name) {}

  static final class AsyncReceivers {
    final List<String> calls = new CopyOnWriteArrayList<>();
    final CompletableFuture<String> neverDone = new CompletableFuture<>();

    @Receiver(await = Receiver.Await.AWAIT)
    CompletableFuture<String> a1Awaited(PostSave<User> event) {
      return CompletableFuture.supplyAsync(
          () -> {
            calls.add("awaited " + event.instance().name());
            return "stored";
          });
    }

    @Receiver(await = Receiver.Await.DETACH)
    CompletionStage<String> b2Detached(PostSave<User> event) {
      calls.add("detached started");
      return neverDone;
    }

    @Receiver
    void c3Sync(PostSave<User> event) {
      calls.add("sync");
    }
  }

  /** The receivers of docs/from-django.md. */
  static final class SearchReceivers {
    final Map<String, User> index = new ConcurrentHashMap<>();
    final Set<String> cache = ConcurrentHashMap.newKeySet();

    // tag::async-model-receivers[]
    @Receiver(await = Receiver.Await.AWAIT) // the write waits; a failed stage rolls it back
    CompletableFuture<Void> index(PostSave<User> event) {
      User user = event.instance();
      return CompletableFuture.runAsync(() -> index.put(user.name(), user));
    }

    @Receiver(await = Receiver.Await.DETACH) // the write goes on; a failure is only logged
    CompletionStage<Void> warmCache(PostSave<User> event) {
      String name = event.instance().name(); // read now: the stage must not use event's handle
      return CompletableFuture.runAsync(() -> cache.add(name));
    }
    // end::async-model-receivers[]
  }

  static final class Undeclared {
    @Receiver
    static CompletableFuture<Void> onSave(PostSave<User> event) {
      return CompletableFuture.completedFuture(null);
    }
  }

  private static PostSave<User> saved(User user) {
    return new PostSave<>(User.class, user, true, false, "default", null, WriteContext.NONE);
  }

  @Test
  void sendWaitsForAnAwaitedReceiverAndNotForADetachedOne() {
    Signals signals = Signals.create();
    AsyncReceivers receivers = new AsyncReceivers();
    signals.connectAnnotated(receivers);

    List<Response> responses = signals.postSave().send(saved(new User("ada")));

    assertThat(receivers.calls).containsExactly("awaited ada", "detached started", "sync");
    assertThat(responses).extracting(Response::value).containsExactly("stored", null, null);
    assertThat(receivers.neverDone).isNotDone();
  }

  @Test
  void theDocumentedReceiversIndexBeforeTheSendReturnsAndWarmTheCacheAfterwards()
      throws InterruptedException {
    Signals signals = Signals.create();
    SearchReceivers receivers = new SearchReceivers();
    signals.connectAnnotated(receivers);

    signals.postSave().send(saved(new User("ada")));

    assertThat(receivers.index).containsOnlyKeys("ada");
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (!receivers.cache.contains("ada") && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(receivers.cache).containsExactly("ada");
  }

  @Test
  @ResourceLock(Resources.SYSTEM_ERR)
  void aDetachedReceiversFailureIsLoggedNamingItAndFailsNothing() {
    Signals signals = Signals.create();
    AsyncReceivers receivers = new AsyncReceivers();
    signals.connectAnnotated(receivers);
    signals.postSave().send(saved(new User("ada")));

    String log =
        StderrLog.during(
            () ->
                receivers.neverDone.completeExceptionally(new IllegalStateException("cache down")));

    assertThat(log)
        .contains(
            "Detached receiver dev.jsignals.core.AsyncAnnotatedReceiverTest$AsyncReceivers#b2Detached"
                + " failed")
        .contains("cache down");
  }

  @Test
  void anAsyncModelReceiverThatDoesNotSayIsRefusedWithTheProcessorsMessage() {
    Signals signals = Signals.create();
    assertThatThrownBy(() -> signals.connectAnnotated(Undeclared.class))
        .isInstanceOf(SignalException.class)
        .hasMessageStartingWith(
            "@Receiver method dev.jsignals.core.AsyncAnnotatedReceiverTest$Undeclared#onSave:"
                + " returns a CompletionStage for a model event")
        .hasMessageContaining("say whether the write waits for the stage");
    assertThat(signals.postSave().connections()).isEmpty();
  }
}
