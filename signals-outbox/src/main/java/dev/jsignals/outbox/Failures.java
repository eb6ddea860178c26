package dev.jsignals.outbox;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/** Reads a delivery's failure: one line for the log and the row, and whether it is an outage. */
final class Failures {
  private static final int DEPTH = 8;

  private Failures() {}

  /**
   * Whether the failure says the target could not be reached, rather than that it refused this
   * event: a {@link TargetUnreachableException}, or a connection that could not be opened ({@link
   * ConnectException}, {@link NoRouteToHostException}, {@link UnknownHostException}) anywhere in
   * its causes, as Jakarta Mail's {@code MessagingException} carries them.
   */
  static boolean unreachable(Throwable failure) {
    for (Throwable t : chain(failure)) {
      if (t instanceof TargetUnreachableException
          || t instanceof ConnectException
          || t instanceof NoRouteToHostException
          || t instanceof UnknownHostException) {
        return true;
      }
    }
    return false;
  }

  /** One line: each cause's type and the first line of its message, outermost first. */
  static String describe(Throwable failure) {
    StringBuilder line = new StringBuilder();
    for (Throwable t : chain(failure)) {
      String message = t.getMessage() == null ? "" : t.getMessage().strip();
      int newline = message.indexOf('\n');
      if (newline >= 0) {
        message = message.substring(0, newline).strip();
      }
      if (message.endsWith(";")) {
        message = message.substring(0, message.length() - 1);
      }
      if (line.length() > 0) {
        if (line.indexOf(message) >= 0 && !message.isEmpty()) {
          continue;
        }
        line.append("; caused by ");
      }
      line.append(t.getClass().getSimpleName());
      if (!message.isEmpty()) {
        line.append(": ").append(message);
      }
    }
    return line.toString();
  }

  private static List<Throwable> chain(Throwable failure) {
    List<Throwable> chain = new ArrayList<>();
    Map<Throwable, Boolean> seen = new IdentityHashMap<>();
    for (Throwable t = failure;
        t != null && chain.size() < DEPTH && seen.put(t, true) == null;
        t = t.getCause()) {
      chain.add(t);
    }
    return chain;
  }
}
