package dev.jsignals.test;

import static dev.jsignals.test.SignalsAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.jsignals.core.PostDelete;
import dev.jsignals.core.PostSave;
import dev.jsignals.core.Signals;
import dev.jsignals.core.WriteContext;
import dev.jsignals.dispatch.Connection;
import dev.jsignals.dispatch.Response;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.EventConditions;
import org.junit.platform.testkit.engine.TestExecutionResultConditions;

/** The extension used as users use it: on a real test class with a real Signals. */
@RecordSignals(events = RecordSignalsTest.Note.class)
class RecordSignalsTest {
  record User(String name) {}

  record Note(String text) {}

  final Signals signals = Signals.create();

  private static PostSave<User> saved(String name) {
    return new PostSave<>(
        User.class, new User(name), true, false, "default", null, WriteContext.NONE);
  }

  @AfterEach
  void recordersAreGoneAfterTheTest() {
    assertThat(signals.connections().values()).allSatisfy(list -> assertThat(list).isEmpty());
  }

  @Test
  void modelAndCustomSendsAreRecordedInSendOrder(SentSignals sent) {
    signals.postSave().send(saved("ada"));
    signals.signal(Note.class).send("test", new Note("hi"));

    assertThat(sent).hasSent(PostSave.class, 1).hasSent(Note.class).hasNotSent(PostDelete.class);
    assertThat(sent).postSaves(User.class).singleElement().matches(PostSave::created);
    assertThat(sent).events(Note.class).containsExactly(new Note("hi"));
    assertThat(sent.all())
        .extracting(SentSignals.Sent::signal)
        .containsExactly("post_save", "Note");
  }

  @Test
  void sendsFromOtherThreadsAreRecorded(SentSignals sent) throws Exception {
    List<Thread> threads = new CopyOnWriteArrayList<>();
    for (int t = 0; t < 4; t++) {
      Thread thread =
          new Thread(
              () -> {
                for (int i = 0; i < 250; i++) {
                  signals.postSave().send(saved("u" + i));
                }
              });
      threads.add(thread);
      thread.start();
    }
    for (Thread thread : threads) {
      thread.join(60_000);
      assertThat(thread.isAlive()).isFalse();
    }

    assertThat(sent).hasSent(PostSave.class, 1_000);
  }

  @Test
  void asynchronousSendsAreRecordedToo(SentSignals sent) throws Exception {
    try (Connection async =
        signals
            .postSave()
            .signal()
            .connectAsync(e -> CompletableFuture.completedFuture("stored"))) {
      assertThat(
              signals
                  .postSave()
                  .signal()
                  .sendAsync(User.class, saved("ada"))
                  .get(1, TimeUnit.MINUTES))
          .extracting(Response::value)
          .containsExactly(null, "stored");
      signals.signal(Note.class).sendAsyncRobust("test", new Note("hi")).get(1, TimeUnit.MINUTES);
    }

    assertThat(sent.all())
        .extracting(SentSignals.Sent::signal)
        .containsExactly("post_save", "Note");
  }

  @Test
  void everyTestStartsWithNothingRecorded(SentSignals sent) {
    assertThat(sent).sentNothing();
  }

  @Test
  @MuteSignals(PostSave.class)
  void mutedSignalCallsNoReceiverOnTheTestThreadOnly(SentSignals sent) throws Exception {
    List<String> calls = new CopyOnWriteArrayList<>();
    try (Connection connection =
        signals.postSave().connect(User.class, e -> calls.add(e.instance().name()))) {
      signals.postSave().send(saved("muted"));
      Thread other = new Thread(() -> signals.postSave().send(saved("other thread")));
      other.start();
      other.join(60_000);

      assertThat(calls).containsExactly("other thread");
      assertThat(sent).postSaves(User.class).singleElement().matches(e -> !e.raw());
    }
  }

  @Test
  void failedAssertionListsWhatWasSent(SentSignals sent) {
    signals.postSave().send(saved("ada"));

    assertThatThrownBy(() -> assertThat(sent).hasSent(PostDelete.class))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("Expected a PostDelete to be sent, but none was")
        .hasMessageContaining("post_save");
  }

  @Test
  void testClassWithoutSignalsFieldFailsNamingTheFix() {
    EngineTestKit.engine("junit-jupiter")
        .selectors(selectClass(WithoutSignals.class))
        .execute()
        .testEvents()
        .assertThatEvents()
        .haveExactly(
            1,
            EventConditions.finishedWithFailure(
                TestExecutionResultConditions.message(
                    m -> m.contains("has no Signals field") && m.contains("Signals.create()"))));
  }

  /** Run only through the test kit above. */
  @RecordSignals
  static class WithoutSignals {
    @Test
    void anything() {}
  }
}
