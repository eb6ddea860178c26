package dev.jsignals.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jsignals.core.PostSave;
import dev.jsignals.core.Signals;
import dev.jsignals.test.MuteSignals;
import dev.jsignals.test.RecordSignals;
import dev.jsignals.test.SentSignals;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * {@code @RecordSignals} and {@code @MuteSignals} in a {@code @SpringBootTest}: they act on the
 * context's {@code Signals} bean, injected into a field of the test.
 */
@SpringBootTest(classes = TestApp.class)
@RecordSignals
class RecordAndMuteSignalsTest {
  @Autowired Signals signals;
  @Autowired NoteService service;
  @Autowired Jdbi jdbi;
  Note.Dao notes;

  @BeforeEach
  void empty() {
    notes = Note.emptied(jdbi);
  }

  @Test
  void theSendsOfAServiceCallAreRecorded(SentSignals sent) {
    service.create("soup");

    assertThat(sent.events(PostSave.class))
        .singleElement()
        .satisfies(e -> assertThat(((Note) e.instance()).getText()).isEqualTo("soup"));
  }

  @Test
  @MuteSignals(receivers = NoteReceivers.class)
  void aMutedReceiverBeanIsNotCalledWhileTheWriteStands(SentSignals sent) {
    service.create("soup");

    assertThat(notes.texts()).containsExactly("soup");
    assertThat(notes.audit()).isEmpty();
    assertThat(sent.events(PostSave.class)).hasSize(1);
  }
}
