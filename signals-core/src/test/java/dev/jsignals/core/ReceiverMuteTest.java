package dev.jsignals.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Muting chosen annotated receivers on one thread, through the index and by reflection. */
class ReceiverMuteTest {
  private static final String RECEIVERS =
      """
      package com.example.mail;
      import dev.jsignals.core.*;
      public final class MailReceivers {
        @Receiver static void welcome(PostSave<StringBuilder> e) { e.instance().append("welcome;"); }
        @Receiver static void audit(PostSave<StringBuilder> e) { e.instance().append("audit;"); }
      }
      """;

  private static final String PROFILES =
      """
      package com.example.mail;
      import dev.jsignals.core.*;
      public final class ProfileReceivers {
        @Receiver void profile(PostSave<StringBuilder> e) { e.instance().append("profile;"); }
      }
      """;

  @TempDir Path dir;

  /** Receivers of this test class itself, connected by reflection. */
  static final class Reflected {
    @Receiver
    static void first(PostSave<StringBuilder> e) {
      e.instance().append("first;");
    }

    @Receiver
    static void second(PostSave<StringBuilder> e) {
      e.instance().append("second;");
    }
  }

  /** The receivers a send called, in no particular order (the index order is the compiler's). */
  private static java.util.Set<String> called(Signals signals) {
    return new java.util.TreeSet<>(java.util.Arrays.asList(send(signals).split(";")));
  }

  private static java.util.Set<String> set(String... receivers) {
    return new java.util.TreeSet<>(java.util.Arrays.asList(receivers));
  }

  private static String send(Signals signals) {
    StringBuilder user = new StringBuilder();
    signals
        .postSave()
        .send(
            new PostSave<>(
                StringBuilder.class, user, true, false, "default", null, WriteContext.NONE));
    return user.toString();
  }

  @Test
  void mutedDiscoveredReceiversAreSkippedOnThisThreadOnly() throws Exception {
    Compilation compiled =
        Compilation.compile(
            dir,
            Map.of(
                "com.example.mail.MailReceivers", RECEIVERS,
                "com.example.mail.ProfileReceivers", PROFILES));
    assertThat(compiled.errors()).isEmpty();
    try (URLClassLoader loader =
        new URLClassLoader(
            new URL[] {compiled.output().toUri().toURL()},
            ReceiverMuteTest.class.getClassLoader())) {
      Signals signals = Signals.create();
      signals.connectDiscovered(DiscoveryTest::construct, loader);
      assertThat(called(signals)).isEqualTo(set("welcome", "audit", "profile"));

      try (AutoCloseable quiet =
          signals.muteReceivers(name -> name.startsWith("com.example.mail.MailReceivers#"))) {
        assertThat(called(signals)).as("this thread").isEqualTo(set("profile"));
        java.util.Set<String> elsewhere =
            CompletableFuture.supplyAsync(() -> called(signals)).get(60, TimeUnit.SECONDS);
        assertThat(elsewhere).as("another thread").isEqualTo(set("welcome", "audit", "profile"));
        try (AutoCloseable one =
            signals.muteReceivers("com.example.mail.ProfileReceivers#profile"::equals)) {
          assertThat(send(signals)).as("mutes nest").isEmpty();
        }
        assertThat(called(signals)).isEqualTo(set("profile"));
      }
      assertThat(called(signals))
          .as("after the scope")
          .isEqualTo(set("welcome", "audit", "profile"));
      assertThat(send(Signals.create())).as("other instances have no receivers").isEmpty();
    }
  }

  @Test
  void muteIsPerInstanceAndWorksForReflectedReceivers() throws Exception {
    Signals signals = Signals.create();
    Signals other = Signals.create();
    signals.connectAnnotated(Reflected.class);
    other.connectAnnotated(Reflected.class);
    String second = Reflected.class.getName() + "#second";

    try (AutoCloseable quiet = signals.muteReceivers(second::equals)) {
      assertThat(send(signals)).isEqualTo("first;");
      assertThat(send(other)).as("another Signals instance").isEqualTo("first;second;");
    }
    assertThat(send(signals)).isEqualTo("first;second;");
  }

  @Test
  void muteMustBeClosedOnItsOwnThread() throws Exception {
    Signals signals = Signals.create();
    signals.connectAnnotated(Reflected.class);
    AutoCloseable quiet = signals.muteReceivers(name -> true);
    Throwable failure =
        CompletableFuture.supplyAsync(
                () -> {
                  try {
                    quiet.close();
                    return null;
                  } catch (Exception e) {
                    return e;
                  }
                })
            .get(60, TimeUnit.SECONDS);
    assertThat(failure)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed on the thread that opened it");
    assertThat(send(signals)).as("still muted").isEmpty();
    quiet.close();
    quiet.close();
    assertThat(send(signals)).isEqualTo("first;second;");
    assertThatThrownBy(() -> signals.muteReceivers(null)).isInstanceOf(NullPointerException.class);
  }
}
