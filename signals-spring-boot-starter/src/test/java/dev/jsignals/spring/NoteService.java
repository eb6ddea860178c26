package dev.jsignals.spring;

import org.jdbi.v3.core.Jdbi;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** A service whose transactional methods write notes through Jdbi. */
public class NoteService {
  private final Note.Dao notes;
  private final ObjectProvider<NoteService> proxy;

  NoteService(Jdbi jdbi, ObjectProvider<NoteService> proxy) {
    this.notes = jdbi.onDemand(Note.Dao.class);
    this.proxy = proxy;
  }

  @Transactional
  public void create(String text) {
    notes.insert(new Note(text));
  }

  @Transactional
  public void createThenFail(String text) {
    notes.insert(new Note(text));
    throw new IllegalStateException("refused after writing " + text);
  }

  /** Writes one note, then another through a REQUIRED method: one transaction, one commit. */
  @Transactional
  public void createTwo(String first, String second, Runnable between) {
    notes.insert(new Note(first));
    proxy.getObject().create(second);
    between.run();
  }

  /** Writes one note, then another in a transaction of its own, then fails. */
  @Transactional
  public void createOwnThenFail(String outer, String inner) {
    notes.insert(new Note(outer));
    proxy.getObject().createInNew(inner);
    throw new IllegalStateException("refused after writing " + outer);
  }

  @Transactional(propagation = Propagation.REQUIRES_NEW)
  public void createInNew(String text) {
    notes.insert(new Note(text));
  }

  /** Writes one note, then one in a nested transaction that fails and is caught. */
  @Transactional
  public void createWithFailedNested(String outer, String inner) {
    notes.insert(new Note(outer));
    try {
      proxy.getObject().createNestedThenFail(inner);
    } catch (IllegalStateException expected) {
      // the nested transaction rolled back to its savepoint; the outer one goes on
    }
  }

  @Transactional(propagation = Propagation.NESTED)
  public void createNestedThenFail(String text) {
    notes.insert(new Note(text));
    throw new IllegalStateException("refused after writing " + text);
  }
}
