package dev.jsignals.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jsignals.dispatch.Connection;
import dev.jsignals.dispatch.Response;
import dev.jsignals.dispatch.SignalException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@link Signals#connectAnnotated} by reflection, with the processor's rules checked at run time,
 * and Django's model signal arguments seen through annotated receivers.
 */
class ConnectAnnotatedTest {
  record User(long id) {}

  record Favorite() {}

  record Shipped(String order) {}

  static final List<String> calls = new ArrayList<>();

  static final class ModelReceivers {
    final List<Object> seen = new ArrayList<>();

    @Receiver
    static void preSave(PreSave<User> event) {
      calls.add("pre_save raw=" + event.raw() + " fields=" + event.updateFields());
    }

    @Receiver
    void postSave(PostSave<User> event) {
      seen.add("post_save created=" + event.created());
    }

    @Receiver
    void deleted(PostDelete<User> event) {
      seen.add("post_delete origin=" + event.origin());
    }

    @Receiver(sender = Favorite.class)
    void favorites(M2MChanged<User> event) {
      seen.add(event.action() + " " + event.pkSet());
    }

    @Receiver
    String shipped(Shipped event) {
      return "handled " + event.order();
    }
  }

  static final class TwoParameters {
    @Receiver
    static void wrong(PostSave<User> event, String extra) {}

    @Receiver
    static void right(PostSave<User> event) {}
  }

  static final class Mismatch {
    @Receiver(sender = String.class)
    static void onSave(PostSave<User> event) {}
  }

  static final class NotAnEvent {
    @Receiver
    static void onText(String text) {}
  }

  static final class WithPrivate {
    @Receiver
    @SuppressWarnings("unused")
    private static void hidden(PostSave<User> event) {}
  }

  @Test
  void annotatedReceiversGetDjangosArguments() {
    Signals signals = Signals.create();
    ModelReceivers receivers = new ModelReceivers();
    calls.clear();
    List<Connection> made = signals.connectAnnotated(receivers);

    User ada = new User(1);
    signals
        .preSave()
        .send(new PreSave<>(User.class, ada, true, "default", Set.of("email"), WriteContext.NONE));
    signals
        .postSave()
        .send(new PostSave<>(User.class, ada, false, false, "default", null, WriteContext.NONE));
    signals.postDelete().send(new PostDelete<>(User.class, ada, "default", ada, WriteContext.NONE));
    for (String action : M2MChanged.ACTIONS) {
      Set<Object> pks = action.endsWith("clear") ? null : Set.of(7L);
      signals
          .m2mChanged()
          .send(
              Favorite.class,
              new M2MChanged<>(
                  Favorite.class,
                  ada,
                  action,
                  false,
                  User.class,
                  pks,
                  "default",
                  WriteContext.NONE));
    }
    List<Response> responses = signals.signal(Shipped.class).send("shop", new Shipped("A-1"));

    assertThat(made).hasSize(5);
    assertThat(calls).containsExactly("pre_save raw=true fields=[email]");
    assertThat(receivers.seen)
        .containsExactly(
            "post_save created=false",
            "post_delete origin=" + ada,
            "pre_add [7]",
            "post_add [7]",
            "pre_remove [7]",
            "post_remove [7]",
            "pre_clear null",
            "post_clear null");
    assertThat(responses)
        .singleElement()
        .extracting(Response::receiver)
        .satisfies(
            info ->
                assertThat(info.receiver()).isEqualTo(ModelReceivers.class.getName() + "#shipped"));
    made.forEach(Connection::disconnect);
  }

  @Test
  void aClassConnectsItsStaticReceiversOnly() {
    Signals signals = Signals.create();
    assertThatThrownBy(() -> signals.connectAnnotated(ModelReceivers.class))
        .isInstanceOf(SignalException.class)
        .hasMessageContaining(
            "ModelReceivers#deleted: is an instance method, but a Class was passed");
    assertThat(signals.connections().values()).allMatch(List::isEmpty);
  }

  @Test
  void connectingTwiceConnectsOnce() {
    Signals signals = Signals.create();
    ModelReceivers receivers = new ModelReceivers();
    assertThat(signals.connectAnnotated(receivers)).hasSize(5);
    assertThat(signals.connectAnnotated(new ModelReceivers())).isEmpty();
    assertThat(signals.postSave().connections()).hasSize(1);
  }

  @Test
  void wrongSignatureConnectsNothingAndNamesTheMethod() {
    Signals signals = Signals.create();
    assertThatThrownBy(() -> signals.connectAnnotated(TwoParameters.class))
        .isInstanceOf(SignalException.class)
        .hasMessage(
            "@Receiver method "
                + TwoParameters.class.getName()
                + "#wrong: must take exactly one parameter, the event (for example PostSave<User>"
                + " event), but takes 2.");
    assertThat(signals.postSave().connections()).as("the valid one was not connected").isEmpty();
  }

  @Test
  void runTimeChecksMatchTheProcessorsRules() {
    Signals signals = Signals.create();
    assertThatThrownBy(() -> signals.connectAnnotated(Mismatch.class))
        .hasMessageContaining("says sender = java.lang.String.class");
    assertThatThrownBy(() -> signals.connectAnnotated(NotAnEvent.class))
        .hasMessageContaining("its parameter type java.lang.String is not an event type");
    assertThatThrownBy(() -> signals.connectAnnotated(WithPrivate.class))
        .hasMessageContaining("#hidden: must not be private");
  }
}
