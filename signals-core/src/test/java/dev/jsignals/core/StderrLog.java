package dev.jsignals.core;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * What the SLF4J simple logger prints to standard error while an action runs: tests that provoke
 * errors assert on it instead of printing it. Callers hold {@code @ResourceLock(SYSTEM_ERR)}.
 */
final class StderrLog {
  private StderrLog() {}

  static String during(Runnable action) {
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    try {
      System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
      action.run();
    } finally {
      System.setErr(original);
    }
    return captured.toString(StandardCharsets.UTF_8);
  }
}
