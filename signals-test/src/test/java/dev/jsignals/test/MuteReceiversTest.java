package dev.jsignals.test;

import static dev.jsignals.test.SignalsAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.jsignals.core.PostSave;
import dev.jsignals.core.Receiver;
import dev.jsignals.core.Signals;
import dev.jsignals.core.WriteContext;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.EventConditions;
import org.junit.platform.testkit.engine.TestExecutionResultConditions;

/** {@code @MuteSignals(receivers = ..., receiverNames = ...)} on a real test class. */
@RecordSignals
class MuteReceiversTest {
  static final List<String> CALLS = new CopyOnWriteArrayList<>();

  record User(String name) {}

  /** Stands for a receiver with a side effect a test wants to skip. */
  static final class SendWelcomeMail {
    @Receiver
    static void send(PostSave<User> event) {
      CALLS.add("mail " + event.instance().name());
    }

    @Receiver
    static void remind(PostSave<User> event) {
      CALLS.add("remind " + event.instance().name());
    }
  }

  /** Stands for a receiver the test relies on. */
  static final class CreateProfile {
    @Receiver
    static void create(PostSave<User> event) {
      CALLS.add("profile " + event.instance().name());
    }
  }

  final Signals signals = Signals.create();

  @BeforeEach
  void connect() {
    CALLS.clear();
    signals.connectAnnotated(SendWelcomeMail.class);
    signals.connectAnnotated(CreateProfile.class);
  }

  private void save(String name) {
    signals
        .postSave()
        .send(
            new PostSave<>(User.class, new User(name), true, false, "db", null, WriteContext.NONE));
  }

  @Test
  @MuteSignals(receivers = SendWelcomeMail.class)
  void mutedReceiverClassSkipsAllItsMethodsAndOnlyThem(SentSignals sent) {
    save("ada");

    assertThat(CALLS).containsExactly("profile ada");
    assertThat(sent).as("the signal itself is still sent").hasSent(PostSave.class, 1);
  }

  @Test
  @MuteSignals(receiverNames = "dev.jsignals.test.MuteReceiversTest$SendWelcomeMail#remind")
  void mutedReceiverNameSkipsThatMethodOnTheTestThreadOnly() throws Exception {
    save("ada");
    CompletableFuture.runAsync(() -> save("bob")).get(60, TimeUnit.SECONDS);

    assertThat(CALLS)
        .containsExactly("mail ada", "profile ada", "remind bob", "mail bob", "profile bob");
  }

  @Test
  void unmutedTestCallsEveryReceiver() {
    save("ada");

    assertThat(CALLS).containsExactly("remind ada", "mail ada", "profile ada");
  }

  @Test
  void unknownReceiverOrEmptyMuteFailsNamingIt() {
    List<Predicate<String>> expected =
        List.of(
            m -> m.contains("receivers = java.lang.String.class") && m.contains("no @Receiver"),
            m ->
                m.contains("receiverNames = \"com.example.Typo#send\"")
                    && m.contains("no receiver"),
            m -> m.contains("@MuteSignals names nothing to mute"));
    var events =
        EngineTestKit.engine("junit-jupiter")
            .selectors(selectClass(BadMutes.class))
            .execute()
            .testEvents();
    events.assertStatistics(stats -> stats.failed(3));
    for (Predicate<String> message : expected) {
      events
          .assertThatEvents()
          .haveExactly(
              1,
              EventConditions.finishedWithFailure(
                  TestExecutionResultConditions.message(message::test)));
    }
    assertThat(BadMutes.RAN).as("no bad test body ran").isEmpty();
  }

  /** Run only through the test kit above. */
  static class BadMutes {
    static final List<String> RAN = new CopyOnWriteArrayList<>();
    final Signals signals = Signals.create();

    @BeforeEach
    void connect() {
      signals.connectAnnotated(SendWelcomeMail.class);
    }

    @Test
    @MuteSignals(receivers = String.class)
    void unknownClass() {
      RAN.add("unknownClass");
    }

    @Test
    @MuteSignals(receiverNames = "com.example.Typo#send")
    void unknownName() {
      RAN.add("unknownName");
    }

    @Test
    @MuteSignals
    void nothing() {
      RAN.add("nothing");
    }
  }
}
