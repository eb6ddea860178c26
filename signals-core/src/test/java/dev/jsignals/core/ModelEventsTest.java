package dev.jsignals.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jsignals.dispatch.Connection;
import dev.jsignals.dispatch.SignalException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@SuppressWarnings({"DataFlowIssue", "NullAway"})
class ModelEventsTest {
  record User(long id, String name) {}

  record Group(long id) {}

  private final Signals signals = Signals.create(2);
  private final List<String> calls = new ArrayList<>();

  @AfterEach
  void nothingIsLeftConnected() {
    assertThat(signals.connections().values()).allSatisfy(list -> assertThat(list).isEmpty());
  }

  private static PostSave<User> saved(User user) {
    return new PostSave<>(User.class, user, true, false, "default", null, WriteContext.NONE);
  }

  @Test
  void typedConnectGivesTheReceiverATypedEvent() {
    Connection connection =
        signals
            .postSave()
            .connect(
                User.class,
                e -> {
                  PostSave<User> event = e;
                  User user = event.instance();
                  calls.add(user.name() + (event.created() ? " created" : " updated"));
                });
    signals.postSave().send(saved(new User(1, "ada")));
    signals
        .postSave()
        .send(
            new PostSave<>(
                Group.class, new Group(2), true, false, "default", null, WriteContext.NONE));
    signals
        .preSave()
        .send(new PreSave<>(User.class, new User(3, "b"), false, "db", null, WriteContext.NONE));
    assertThat(calls).as("another signal's send").containsExactly("ada created");
    assertThat(signals.postSave().hasListeners(User.class)).isTrue();
    assertThat(signals.postSave().hasListeners(Group.class)).isFalse();
    Connection info = signals.postSave().connections().get(0);
    assertThat(info.signal()).isEqualTo("post_save");
    assertThat(info.sender()).isEqualTo(User.class);
    assertThat(info.declaredAt()).startsWith(ModelEventsTest.class.getName() + ".typedConnect");
    connection.disconnect();
  }

  @Test
  void typedConnectWithUidIsDedupedPerSender() {
    Connection first = signals.preSave().connect(User.class, "audit", e -> calls.add("first"));
    Connection second = signals.preSave().connect(User.class, "audit", e -> calls.add("second"));
    assertThat(second.isDuplicate()).isTrue();
    signals
        .preSave()
        .send(new PreSave<>(User.class, new User(1, "a"), false, "db", null, WriteContext.NONE));
    assertThat(calls).containsExactly("first");
    first.disconnect();
  }

  @Test
  void recordsRejectNullFieldsNamingThem() {
    User user = new User(1, "a");
    assertThatThrownBy(() -> new PostSave<>(null, user, true, false, "db", null, WriteContext.NONE))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("PostSave.sender must not be null");
    assertThatThrownBy(
            () -> new PostSave<>(User.class, null, true, false, "db", null, WriteContext.NONE))
        .hasMessage("PostSave.instance must not be null");
    assertThatThrownBy(() -> new PreDelete<>(User.class, user, "db", null, WriteContext.NONE))
        .hasMessage("PreDelete.origin must not be null");
    assertThatThrownBy(() -> new PreSave<>(User.class, null, false, "db", null, WriteContext.NONE))
        .hasMessage("PreSave.instance must not be null");
    assertThatThrownBy(() -> new PreDelete<>(User.class, user, null, user, WriteContext.NONE))
        .hasMessage("PreDelete.using must not be null");
    assertThatThrownBy(() -> new PostDelete<>(User.class, user, "db", null, WriteContext.NONE))
        .hasMessage("PostDelete.origin must not be null");
    assertThatThrownBy(() -> new PostDelete<>(User.class, user, "db", user, null))
        .hasMessage("PostDelete.context must not be null");
    assertThatThrownBy(
            () ->
                new M2MChanged<>(
                    User.class, user, null, false, Group.class, null, "db", WriteContext.NONE))
        .hasMessage("M2MChanged.action must not be null");
    Set<String> withNull = new HashSet<>();
    withNull.add(null);
    assertThatThrownBy(
            () -> new PostSave<>(User.class, user, true, false, "db", withNull, WriteContext.NONE))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("PostSave.updateFields must not contain null");
  }

  @Test
  void updateFieldsAndPkSetAreUnmodifiableCopies() {
    Set<String> fields = new HashSet<>(Set.of("name"));
    PostSave<User> event =
        new PostSave<>(User.class, new User(1, "a"), false, false, "db", fields, WriteContext.NONE);
    fields.add("email");
    assertThat(event.updateFields()).containsExactly("name");
    assertThatThrownBy(() -> event.updateFields().add("x"))
        .isInstanceOf(UnsupportedOperationException.class);
    Set<Object> pks = new HashSet<>(Set.of(1L, 2L));
    M2MChanged<User> changed =
        new M2MChanged<>(
            User.class,
            new User(1, "a"),
            M2MChanged.POST_ADD,
            false,
            Group.class,
            pks,
            "db",
            WriteContext.NONE);
    pks.clear();
    assertThat(changed.pkSet()).containsExactlyInAnyOrder(1L, 2L);
    assertThatThrownBy(() -> changed.pkSet().clear())
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(changed.isPre()).isFalse();
    assertThat(changed.action()).isEqualTo("post_add");
    assertThatThrownBy(
            () ->
                new M2MChanged<>(
                    User.class,
                    new User(1, "a"),
                    "POST_ADDED",
                    false,
                    Group.class,
                    null,
                    "db",
                    WriteContext.NONE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("M2MChanged.action must be one of")
        .hasMessageContaining("'POST_ADDED'");
    assertThat(
            new PreSave<>(User.class, new User(1, "a"), false, "db", null, WriteContext.NONE)
                .updateFields())
        .isNull();
  }

  @Test
  void m2mChangedCarriesEachAction() {
    List<String> seen = new ArrayList<>();
    Connection connection = signals.m2mChanged().connect(User.class, e -> seen.add(e.action()));
    for (String action : M2MChanged.ACTIONS) {
      signals
          .m2mChanged()
          .send(
              User.class,
              new M2MChanged<>(
                  User.class,
                  new User(1, "a"),
                  action,
                  false,
                  Group.class,
                  action.endsWith("clear") ? null : Set.of(7L),
                  "db",
                  WriteContext.NONE));
    }
    assertThat(seen)
        .as("Django's six action strings, in its order")
        .containsExactly(
            "pre_add", "post_add", "pre_remove", "post_remove", "pre_clear", "post_clear");
    connection.disconnect();
  }

  @Test
  void recursionGuardCountsOnlyTheSameInstance() {
    AtomicInteger depth = new AtomicInteger();
    Connection connection =
        signals
            .postSave()
            .connect(
                User.class,
                e -> {
                  int n = depth.incrementAndGet();
                  if (n < 5) {
                    signals.postSave().send(saved(new User(n, "next")));
                  }
                });
    signals.postSave().send(saved(new User(0, "first")));
    assertThat(depth).hasValue(5);
    connection.disconnect();

    User same = new User(9, "same");
    Connection loop =
        signals.postSave().connect(User.class, e -> signals.postSave().send(saved(same)));
    assertThatThrownBy(() -> signals.postSave().send(saved(same)))
        .isInstanceOf(SignalException.class)
        .hasMessageContaining("post_save")
        .hasMessageContaining("Chain, outermost first:")
        .hasMessageContaining("2. post_save")
        .hasMessageContaining("3. post_save (sender " + User.class.getName() + ") refused")
        .hasMessageContaining("lambda@" + ModelEventsTest.class.getName())
        .extracting(e -> ((SignalException) e).recursionChain())
        .asList()
        .hasSize(3)
        .last()
        .isEqualTo("post_save (sender " + User.class.getName() + ") refused");
    loop.disconnect();
  }

  @Test
  void manualEventsHaveNoConnectionToAttach() {
    PostSave<User> event = saved(new User(1, "a"));
    assertThatThrownBy(() -> event.attach(Object.class))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("sent by hand");
    List<String> ran = new ArrayList<>();
    event.onCommit(() -> ran.add("now"));
    assertThat(ran).containsExactly("now");
  }

  @Test
  void mutedModelSignalCallsNoReceiver() {
    Connection connection = signals.postDelete().connect(User.class, e -> calls.add("deleted"));
    User user = new User(1, "a");
    try (var muted = signals.postDelete().mute()) {
      signals.postDelete().send(new PostDelete<>(User.class, user, "db", user, WriteContext.NONE));
    }
    assertThat(calls).isEmpty();
    connection.disconnect();
  }

  @Test
  void signalRefusesModelEventTypes() {
    assertThatThrownBy(() -> signals.signal(PostSave.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("PostSave is a model event")
        .hasMessageContaining("use signals.postSave() (post_save)");
    assertThat(signals.signal(Group.class)).isSameAs(signals.signal(Group.class));
  }

  @Test
  void typedDisconnectRemovesTheReceiverOfThatModelOnly() {
    dev.jsignals.dispatch.Listener<PostSave<User>> receiver = e -> calls.add(e.instance().name());
    signals.postSave().connect(User.class, receiver);
    assertThat(signals.postSave().disconnect(Group.class, receiver)).isFalse();
    assertThat(signals.postSave().disconnect(receiver)).isFalse();
    assertThat(signals.postSave().hasListeners()).isTrue();
    assertThat(signals.postSave().disconnect(User.class, receiver)).isTrue();
    assertThat(signals.postSave().hasListeners()).isFalse();
    signals.postSave().send(saved(new User(1, "ada")));
    assertThat(calls).isEmpty();
  }

  @Test
  void typedDisconnectByUidRemovesThatConnection() {
    signals.preDelete().connect(User.class, "audit", e -> calls.add("deleted"));
    assertThat(signals.preDelete().disconnectUid(Group.class, "audit")).isFalse();
    assertThat(signals.preDelete().disconnectUid(User.class, "audit")).isTrue();
    assertThat(signals.preDelete().hasListeners()).isFalse();
  }
}
