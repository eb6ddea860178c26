package dev.jsignals.spring;

import dev.jsignals.core.PostSave;
import dev.jsignals.core.Receiver;

/**
 * A receiver bean: audits each new note through the write's handle, in its transaction, and logs an
 * after-commit hook in the injected {@link HookLog}.
 */
public class NoteReceivers {
  private final HookLog hooks;

  NoteReceivers(HookLog hooks) {
    this.hooks = hooks;
  }

  @Receiver(dispatchUid = "notes.audit")
  void audit(PostSave<Note> event) {
    String text = event.instance().getText();
    event.attach(Note.Dao.class).audit("saved " + text);
    event.onCommit(() -> hooks.add("committed " + text));
  }
}
