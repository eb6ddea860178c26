package com.example.shop;

import com.example.audit.AuditLog;
import com.example.audit.AuditNote;
import dev.jsignals.core.Signals;
import dev.jsignals.dispatch.Connection;
import java.util.List;

/** Lists the receivers discovery connects, from this jar and from audit-receivers, and uses one. */
public final class Main {
  private Main() {}

  /**
   * Runs the check.
   *
   * @param args none
   */
  public static void main(String[] args) {
    Signals signals = Signals.discover();
    signals.connections().values().stream()
        .flatMap(List::stream)
        .map(Connection::receiver)
        .forEach(receiver -> System.out.println("connected " + receiver));
    signals.signal(AuditNote.class).send(Main.class, new AuditNote("shop started"));
    AuditLog.LINES.forEach(line -> System.out.println("audit " + line));
  }
}
