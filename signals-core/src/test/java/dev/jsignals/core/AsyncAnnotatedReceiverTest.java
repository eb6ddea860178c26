package dev.jsignals.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jsignals.dispatch.Response;
import dev.jsignals.dispatch.SignalException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
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
