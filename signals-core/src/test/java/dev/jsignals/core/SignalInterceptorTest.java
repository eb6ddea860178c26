package dev.jsignals.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jsignals.dispatch.ConnectOptions;
import dev.jsignals.dispatch.Connection;
import dev.jsignals.dispatch.Response;
import dev.jsignals.dispatch.Signal;
import dev.jsignals.dispatch.SignalInterceptor;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;

class SignalInterceptorTest {
  record User(String name) {}

  record Shipped(String order) {}

  private final List<String> trail = new CopyOnWriteArrayList<>();

  /** Writes what it wraps into the trail: "send:signal", "before:receiver", "error:..." */
  private final SignalInterceptor recorder =
      new SignalInterceptor() {
        @Override
        public List<Response> aroundSend(
            Signal<?> signal, Object sender, Object event, Supplier<List<Response>> send) {
          trail.add("send:" + signal.name());
          try {
            return send.get();
          } finally {
            trail.add("sent:" + signal.name());
          }
        }

        @Override
        public @Nullable Object aroundReceiver(
            Connection receiver, Object sender, Object event, Callable<@Nullable Object> call)
            throws Exception {
          trail.add("before:" + receiver.receiver());
          try {
            return call.call();
          } catch (Exception e) {
            trail.add("error:" + receiver.receiver() + ":" + e.getMessage());
            throw e;
          }
        }
      };

  @Test
  void wrapsTheSendAndEachReceiverInOrder() {
    Signal<String> signal = Signal.create("greeted", String.class);
    signal.connect(ConnectOptions.anySender().name("first"), e -> trail.add("first got " + e));
    signal.connect(ConnectOptions.anySender().name("second"), e -> trail.add("second got " + e));
    signal.intercept(recorder);

    assertThat(signal.send(String.class, "hi")).hasSize(2);

    assertThat(trail)
        .containsExactly(
            "send:greeted",
            "before:first",
            "first got hi",
            "before:second",
            "second got hi",
            "sent:greeted");
    assertThat(signal.interceptor()).isSameAs(recorder);
  }

  @Test
  @ResourceLock(Resources.SYSTEM_ERR)
  void aRobustSendsFailureGoesThroughTheInterceptorAndIsStillRecorded() {
    Signal<String> signal = Signal.create("robust", String.class);
    signal.connect(
        ConnectOptions.anySender().name("failing"),
        e -> {
          throw new IllegalStateException("no stock");
        });
    signal.connect(ConnectOptions.anySender().name("after"), e -> trail.add("after ran"));
    signal.intercept(recorder);

    AtomicReference<List<Response>> responses = new AtomicReference<>();
    String log = StderrLog.during(() -> responses.set(signal.sendRobust(String.class, "x")));

    assertThat(responses.get()).hasSize(2);
    assertThat(responses.get().get(0).error()).hasMessage("no stock");
    assertThat(trail)
        .containsExactly(
            "send:robust",
            "before:failing",
            "error:failing:no stock",
            "before:after",
            "after ran",
            "sent:robust");
    assertThat(log).contains("Receiver failing of signal 'robust' failed");
  }

  @Test
  void aPlainSendsFailurePropagatesThroughBothWrappers() {
    Signal<String> signal = Signal.create("plain", String.class);
    signal.connect(
        ConnectOptions.anySender().name("failing"),
        e -> {
          throw new IllegalStateException("no stock");
        });
    signal.intercept(recorder);

    assertThatThrownBy(() -> signal.send(String.class, "x")).hasMessage("no stock");
    assertThat(trail)
        .containsExactly("send:plain", "before:failing", "error:failing:no stock", "sent:plain");
  }

  @Test
  void removingTheInterceptorAppliesFromTheNextSend() {
    Signal<String> signal = Signal.create("removed", String.class);
    signal.connect(ConnectOptions.anySender().name("only"), e -> trail.add("got " + e));
    signal.intercept(recorder);
    signal.send(String.class, "one");
    signal.intercept(null);
    signal.send(String.class, "two");

    assertThat(trail)
        .containsExactly("send:removed", "before:only", "got one", "sent:removed", "got two");
    assertThat(signal.interceptor()).isNull();
  }

  @Test
  void mutedSendsCapturesAndSendsWithoutReceiversAreNotWrapped() {
    Signal<String> signal = Signal.create("quiet", String.class);
    signal.intercept(recorder);
    signal.send(String.class, "nobody listens");
    try (var capture = signal.capture()) {
      signal.send(String.class, "captured");
      assertThat(capture.events()).containsExactly("captured");
    }
    signal.connect(ConnectOptions.anySender().name("muted"), e -> trail.add("got " + e));
    try (var muted = signal.mute()) {
      signal.send(String.class, "held back");
    }

    assertThat(trail).containsExactly("send:quiet", "sent:quiet");
  }

  @Test
  void theSetsInterceptorCoversModelSignalsAndCustomSignalsMadeLater() {
    Signals signals = Signals.create();
    signals.postSave().connect(User.class, e -> trail.add("saved " + e.instance().name()));
    signals.intercept(recorder);
    signals
        .signal(Shipped.class)
        .connect(ConnectOptions.anySender().name("ship"), e -> trail.add("shipped " + e.order()));

    signals
        .postSave()
        .signal()
        .send(
            User.class,
            new PostSave<>(
                User.class, new User("ada"), true, false, "default", null, WriteContext.NONE));
    signals.signal(Shipped.class).send(Shipped.class, new Shipped("42"));

    assertThat(trail)
        .containsSubsequence("send:post_save", "saved ada", "sent:post_save")
        .containsSubsequence("send:Shipped", "before:ship", "shipped 42", "sent:Shipped");
    signals.intercept(null);
    assertThat(signals.postSave().signal().interceptor()).isNull();
    assertThat(signals.signal(Shipped.class).interceptor()).isNull();
  }

  @Test
  void anAsynchronousSendsSynchronousReceiversAreWrappedOnTheExecutor() throws Exception {
    Signal<String> signal = Signal.create("later", String.class);
    signal.connect(
        ConnectOptions.anySender().name("slow"),
        e -> trail.add("ran on " + Thread.currentThread().getName()));
    signal.intercept(recorder);

    assertThat(signal.sendAsync(String.class, "x", Runnable::run).get(1, TimeUnit.MINUTES))
        .hasSize(1);

    assertThat(trail).containsExactly("before:slow", "ran on " + Thread.currentThread().getName());
  }
}
