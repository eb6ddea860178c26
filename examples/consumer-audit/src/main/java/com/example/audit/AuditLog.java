package com.example.audit;

import dev.jsignals.core.Receiver;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Receives every {@link AuditNote} sent through the application's {@code Signals}. */
public final class AuditLog {
  /** The lines received, in order. */
  public static final List<String> LINES = new CopyOnWriteArrayList<>();

  private AuditLog() {}

  @Receiver(dispatchUid = "audit.log")
  static void log(AuditNote note) {
    LINES.add(note.text());
  }
}
