package dev.jsignals.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jsignals.dispatch.Connection;
import dev.jsignals.dispatch.Signal;
import dev.jsignals.dispatch.SignalException;
import java.lang.ref.WeakReference;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Discovery from compile-time indexes, and invocation of every kind of annotated receiver. */
class DiscoveryTest {

  /** The factory a plain discovery uses: the no-argument constructor. */
  static Object construct(Class<?> type) {
    try {
      var constructor = type.getDeclaredConstructor();
      constructor.setAccessible(true);
      return constructor.newInstance();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  @TempDir Path dir;

  private static final String PROFILES =
"""
      package com.example.users;
      import dev.jsignals.core.*;
import dev.jsignals.dispatch.*;
      final class ProfileReceivers {
        @Receiver(dispatchUid = "users.create-profile")
        static void createProfile(PostSave<StringBuilder> event) {
          if (event.created() && !event.raw()) {
            event.instance().append("profile;");
          }
        }
      }
      """;

  private static final String AUDIT =
"""
      package com.example.audit;
      import dev.jsignals.core.*;
import dev.jsignals.dispatch.*;
      public final class AuditReceivers {
        public final java.util.List<String> seen = new java.util.ArrayList<>();
        @Receiver void onSave(PostSave<StringBuilder> event) {
          event.instance().append("audit;");
        }
        @Receiver void onNote(Note note) { note.log().add("note:" + note.text()); }
        @Receiver(weak = true) void weakly(PreSave<StringBuilder> event) {
          event.instance().append("weak;");
        }
      }
      """;

  private static final String NOTE =
      """
      package com.example.audit;
      public record Note(String text, java.util.List<String> log) {}
      """;

  private URLClassLoader twoJars() throws Exception {
    Compilation users =
        Compilation.compile(
            Files.createDirectories(dir.resolve("users")),
            Map.of("com.example.users.ProfileReceivers", PROFILES));
    Compilation audit =
        Compilation.compile(
            Files.createDirectories(dir.resolve("audit")),
            Map.of("com.example.audit.AuditReceivers", AUDIT, "com.example.audit.Note", NOTE));
    assertThat(users.errors()).isEmpty();
    assertThat(audit.errors()).isEmpty();
    return new URLClassLoader(
        new URL[] {users.output().toUri().toURL(), audit.output().toUri().toURL()},
        DiscoveryTest.class.getClassLoader());
  }

  private static PostSave<StringBuilder> saved(StringBuilder user) {
    return new PostSave<>(
        StringBuilder.class, user, true, false, "default", null, WriteContext.NONE);
  }

  @Test
  void discoveryCombinesTheIndexesOfSeveralJars() throws Exception {
    List<Object> supplied = new ArrayList<>();
    try (URLClassLoader loader = twoJars()) {
      Signals signals =
          Signals.discover(
              type -> {
                Object instance = construct(type);
                supplied.add(instance);
                return instance;
              },
              loader);
      StringBuilder user = new StringBuilder();

      signals.postSave().send(saved(user));

      assertThat(user.toString()).isEqualTo("profile;audit;");
      assertThat(supplied).as("factory supplied the instance once").hasSize(1);
      assertThat(signals.postSave().connections())
          .extracting(Connection::dispatchUid)
          .containsExactly("users.create-profile", "com.example.audit.AuditReceivers#onSave");
      assertThat(signals.postSave().connections().get(0).receiver())
          .isEqualTo("com.example.users.ProfileReceivers#createProfile");
      assertThat(signals.postSave().connections().get(0).sender()).isEqualTo(StringBuilder.class);
    }
  }

  @Test
  void discoveringTwiceConnectsOnce() throws Exception {
    try (URLClassLoader loader = twoJars()) {
      Signals signals = Signals.create();
      Connection first = signals.connectDiscovered(DiscoveryTest::construct, loader);
      Connection second = signals.connectDiscovered(DiscoveryTest::construct, loader);

      assertThat(first.isDuplicate()).isFalse();
      assertThat(second.isDuplicate()).as("every receiver has a stable default uid").isTrue();
      assertThat(connectionCount(signals)).isEqualTo(4);
      StringBuilder user = new StringBuilder();
      signals.postSave().send(saved(user));
      assertThat(user.toString()).startsWith("profile;audit;").doesNotContain("profile;profile");

      assertThat(second.disconnect())
          .as("the second discovery connected nothing, so its handle disconnects nothing")
          .isFalse();
      assertThat(connectionCount(signals)).isEqualTo(4);
    }
  }

  @Test
  void discoveryHandleDisconnectsWhatItConnectedAndLeavesHandConnectedReceivers() throws Exception {
    try (URLClassLoader loader = twoJars()) {
      Signals signals = Signals.create();
      Connection byHand =
          signals.postSave().connect(StringBuilder.class, e -> e.instance().append("hand;"));
      Connection discovered = signals.connectDiscovered(DiscoveryTest::construct, loader);
      StringBuilder before = new StringBuilder();
      signals.postSave().send(saved(before));
      assertThat(before.toString()).isEqualTo("hand;profile;audit;");

      assertThat(discovered.disconnect()).isTrue();

      assertThat(discovered.isConnected()).isFalse();
      assertThat(connectionCount(signals))
          .as("only the hand-connected receiver is left")
          .isEqualTo(1);
      assertThat(byHand.isConnected()).isTrue();
      StringBuilder after = new StringBuilder();
      signals.postSave().send(saved(after));
      assertThat(after.toString()).isEqualTo("hand;");

      try (Connection again = signals.connectDiscovered(DiscoveryTest::construct, loader)) {
        assertThat(again.isDuplicate()).as("a reload connects them afresh").isFalse();
        assertThat(connectionCount(signals)).isEqualTo(5);
      }
      assertThat(connectionCount(signals)).as("closing the handle disconnects too").isEqualTo(1);
    }
  }

  private static int connectionCount(Signals signals) {
    return signals.connections().values().stream().mapToInt(List::size).sum();
  }

  @Test
  void customEventReceiversAreConnectedToTheSignalOfTheirType() throws Exception {
    try (URLClassLoader loader = twoJars()) {
      Signals signals = Signals.discover(DiscoveryTest::construct, loader);
      Class<?> noteType = loader.loadClass("com.example.audit.Note");
      List<String> log = new ArrayList<>();
      Object note = noteType.getConstructor(String.class, List.class).newInstance("hi", log);

      sendRaw(signals.signal(noteType), note);

      assertThat(log).containsExactly("note:hi");
    }
  }

  @SuppressWarnings("unchecked")
  private static <E> void sendRaw(Signal<E> signal, Object event) {
    signal.send("test", (E) event);
  }

  @Test
  void weakAnnotatedReceiverGoesAwayWithItsInstance() throws Exception {
    try (URLClassLoader loader = twoJars()) {
      List<WeakReference<Object>> instances = new ArrayList<>();
      Signals signals =
          Signals.discover(
              type -> {
                Object instance = construct(type);
                instances.add(new WeakReference<>(instance));
                return instance;
              },
              loader);
      // The strong onSave/onNote connections keep the instance alive: drop them.
      signals
          .postSave()
          .signal()
          .disconnectUid(StringBuilder.class, "com.example.audit.AuditReceivers#onSave");
      signals
          .signal(loader.loadClass("com.example.audit.Note"))
          .disconnectUid("com.example.audit.AuditReceivers#onNote");

      for (int i = 0; i < 50 && instances.get(0).get() != null; i++) {
        System.gc();
      }
      StringBuilder user = new StringBuilder();
      signals
          .preSave()
          .send(
              new PreSave<>(StringBuilder.class, user, false, "default", null, WriteContext.NONE));

      assertThat(instances.get(0).get()).as("instance collected").isNull();
      assertThat(user.toString()).isEmpty();
      assertThat(signals.preSave().connections()).isEmpty();
    }
  }

  @Test
  void corruptIndexIsReportedWithItsLine() throws Exception {
    Path jar = Files.createDirectories(dir.resolve("corrupt/META-INF/jsignals"));
    Files.writeString(jar.resolve("receivers"), "# header\nnot a receiver line\n");
    try (URLClassLoader loader =
        new URLClassLoader(
            new URL[] {dir.resolve("corrupt").toUri().toURL()}, getClass().getClassLoader())) {
      assertThatThrownBy(() -> Signals.discover(DiscoveryTest::construct, loader))
          .isInstanceOf(SignalException.class)
          .hasMessageContaining("Corrupt receiver index")
          .hasMessageContaining("corrupt/META-INF/jsignals/receivers line 2")
          .hasMessageContaining("'not a receiver line'");
    }
  }

  @Test
  void indexNamingAMissingClassIsReported() throws Exception {
    Path jar = Files.createDirectories(dir.resolve("stale/META-INF/jsignals"));
    Files.writeString(
        jar.resolve("receivers"),
        "com.example.Gone#onSave(dev.jsignals.core.PostSave) com.example.JsignalsReceivers_0\n");
    try (URLClassLoader loader =
        new URLClassLoader(
            new URL[] {dir.resolve("stale").toUri().toURL()}, getClass().getClassLoader())) {
      assertThatThrownBy(() -> Signals.discover(DiscoveryTest::construct, loader))
          .isInstanceOf(SignalException.class)
          .hasMessageContaining("com.example.JsignalsReceivers_0, which cannot be loaded");
    }
  }
}
