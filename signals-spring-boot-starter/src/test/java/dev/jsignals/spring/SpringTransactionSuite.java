package dev.jsignals.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jsignals.testsupport.Await;
import java.time.Duration;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * Jdbi writes inside Spring's {@code @Transactional} methods: the write, its receiver's write and
 * its after-commit hook follow the Spring transaction they belong to. Run on a SQLite file and on
 * PostgreSQL by the subclasses, which add what differs between the two.
 */
@SpringBootTest(classes = TestApp.class)
abstract class SpringTransactionSuite {
  @Autowired NoteService service;
  @Autowired HookLog hooks;
  @Autowired Jdbi jdbi;
  @Autowired NoteMail mail;
  @Autowired SignalsOutbox outbox;
  Note.Dao notes;

  @BeforeEach
  void empty() throws InterruptedException {
    // The context is shared: the rows of the previous tests' writes are delivered first.
    assertThat(outbox.outbox().awaitDrained(Duration.ofMinutes(3)))
        .as("the earlier tests' outbox rows delivered")
        .isTrue();
    notes = Note.emptied(jdbi);
    hooks.clear();
    mail.clear();
  }

  @Test
  void aCommittedMethodKeepsTheRowTheReceiversWriteRunsTheHookAndDeliversTheDurableEvent()
      throws InterruptedException {
    service.create("soup");

    assertThat(notes.texts()).containsExactly("soup");
    assertThat(notes.audit()).containsExactly("saved soup");
    assertThat(hooks.ran()).containsExactly("committed soup");
    assertThat(Await.until(() -> mail.mailed().contains("soup"), Duration.ofMinutes(3)))
        .as("the durable receiver's delivery")
        .isTrue();
    assertThat(Await.until(() -> outbox.outbox().status().pending() == 0, Duration.ofMinutes(3)))
        .as("no pending outbox row")
        .isTrue();
  }

  @Test
  void aMethodThatWritesAndThrowsLeavesNoRowNoReceiverWriteNoHookAndNoOutboxRow() {
    assertThatThrownBy(() -> service.createThenFail("soup"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("refused after writing soup");

    assertThat(notes.texts()).isEmpty();
    assertThat(notes.audit()).isEmpty();
    assertThat(hooks.ran()).isEmpty();
    assertThat(outbox.outbox().status().pending()).isZero();
    assertThat(outbox.outbox().status().dead()).isZero();
    assertThat(mail.mailed()).isEmpty();
  }

  @Test
  void hooksOfAnInnerRequiredMethodRunAfterTheOuterCommitOnly() {
    service.createTwo(
        "soup",
        "stew",
        () -> assertThat(hooks.ran()).as("hooks before the outer commit").isEmpty());

    assertThat(hooks.ran()).containsExactly("committed soup", "committed stew");
    assertThat(notes.texts()).containsExactly("soup", "stew");
  }

  @Test
  void aNestedMethodRolledBackToItsSavepointDropsItsRowAndItsHookOnly() {
    service.createWithFailedNested("soup", "stew");

    assertThat(notes.texts()).containsExactly("soup");
    assertThat(notes.audit()).containsExactly("saved soup");
    assertThat(hooks.ran()).containsExactly("committed soup");
  }
}
