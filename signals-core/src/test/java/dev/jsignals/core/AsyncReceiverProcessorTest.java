package dev.jsignals.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jsignals.dispatch.Response;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The processor's rules for {@code @Receiver} methods that return a CompletionStage, and their
 * registrar.
 */
class AsyncReceiverProcessorTest {
  @TempDir java.nio.file.Path dir;

  private String errorFor(String members) throws Exception {
    String source =
        """
        package com.example;
        import dev.jsignals.core.*;
        import java.util.concurrent.*;
        public class Receivers {
        %s
        }
        """
            .formatted(members);
    return Compilation.compile(dir, Map.of("com.example.Receivers", source)).singleError();
  }

  @Test
  void anAsyncModelReceiverMustSayWhetherTheWriteWaits() throws Exception {
    assertThat(
            errorFor(
                "@Receiver static CompletableFuture<Void> onSave(PostSave<String> e) { return null;"
                    + " }"))
        .startsWith("@Receiver method com.example.Receivers#onSave: returns a CompletionStage for")
        .contains("say whether the write waits for the stage")
        .contains("await = Await.AWAIT")
        .contains("await = Await.DETACH");
  }

  @Test
  void awaitOnAMethodThatReturnsNoStageFailsTheBuild() throws Exception {
    assertThat(
            errorFor(
                "@Receiver(await = Receiver.Await.AWAIT) static void on(PostSave<String> e) {}"))
        .contains("Receivers#on: says await = AWAIT but returns no CompletionStage");
  }

  @Test
  void aDurableAsyncReceiverFailsTheBuild() throws Exception {
    assertThat(
            errorFor(
                "@Receiver(durable = true, await = Receiver.Await.AWAIT)"
                    + " static CompletionStage<Void> on(PostSave<String> e) { return null; }"))
        .contains("is durable and returns a CompletionStage");
  }

  @Test
  void aWeakAsyncReceiverFailsTheBuild() throws Exception {
    assertThat(
            errorFor(
                "@Receiver(weak = true, await = Receiver.Await.AWAIT)"
                    + " CompletableFuture<Void> on(PostSave<String> e) { return null; }"))
        .contains("is weak and returns a CompletionStage");
  }

  private static final String RECEIVERS =
      """
      package com.example;
      import dev.jsignals.core.*;
      import java.util.concurrent.*;
      final class AsyncReceivers {
        @Receiver(await = Receiver.Await.AWAIT)
        static CompletableFuture<String> a1Awaited(PostSave<StringBuilder> e) {
          return CompletableFuture.supplyAsync(() -> { e.instance().append("awaited;"); return "a"; });
        }
        @Receiver(await = Receiver.Await.DETACH)
        CompletionStage<String> b2Detached(PostSave<StringBuilder> e) {
          e.instance().append("detached;");
          return new CompletableFuture<>(); // never completes: nobody waits for it
        }
        @Receiver
        static void c3Sync(PostSave<StringBuilder> e) { e.instance().append("sync;"); }
        @Receiver
        CompletableFuture<String> d4Custom(Ping ping) {
          return CompletableFuture.completedFuture("pong:" + ping.text());
        }
      }
      """;

  @Test
  void generatedRegistrarConnectsAwaitedDetachedAndCustomAsyncReceivers() throws Exception {
    Compilation compiled =
        Compilation.compile(
            dir,
            Map.of(
                "com.example.AsyncReceivers",
                RECEIVERS,
                "com.example.Ping",
                "package com.example; public record Ping(String text) {}"));
    assertThat(compiled.errors()).isEmpty();
    try (URLClassLoader loader =
        new URLClassLoader(
            new URL[] {compiled.output().toUri().toURL()}, getClass().getClassLoader())) {
      Signals signals = Signals.discover(DiscoveryTest::construct, loader);
      StringBuilder user = new StringBuilder();
      PostSave<StringBuilder> saved =
          new PostSave<>(
              StringBuilder.class, user, true, false, "default", null, WriteContext.NONE);

      List<Response> responses = signals.postSave().send(saved);

      assertThat(user.toString()).isEqualTo("awaited;detached;sync;");
      assertThat(responses).extracting(Response::value).containsExactly("a", null, null);

      Class<?> ping = loader.loadClass("com.example.Ping");
      Object event = ping.getConstructor(String.class).newInstance("hi");
      assertThat(sendAsync(signals.signal(ping), event))
          .extracting(Response::value)
          .containsExactly("pong:hi");
    }
  }

  @SuppressWarnings("unchecked")
  private static <E> List<Response> sendAsync(dev.jsignals.dispatch.Signal<E> signal, Object event)
      throws Exception {
    return signal.sendAsync("test", (E) event).get(1, TimeUnit.MINUTES);
  }
}
