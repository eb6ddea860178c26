package dev.jsignals.example;

import java.io.Console;
import java.io.PrintWriter;
import java.lang.reflect.Method;
import org.jspecify.annotations.Nullable;

/**
 * A progress bar on standard error, drawn only when the program runs on a terminal, at most once
 * per percent. Not thread-safe.
 */
final class Progress {
  private final @Nullable PrintWriter err;
  private final long total;
  private int lastPercent = -1;

  private Progress(@Nullable PrintWriter err, long total) {
    this.err = err;
    this.total = total;
  }

  /**
   * A bar for a task of the given size.
   *
   * @param err where to draw it
   * @param total the size of the task (rows, bytes); 0 or less draws nothing
   * @return the bar
   */
  static Progress start(PrintWriter err, long total) {
    return new Progress(onTerminal() && total > 0 ? err : null, total);
  }

  /**
   * Whether standard input and output are a terminal. From JDK 22 {@link System#console()} also
   * answers when they are redirected, and {@code Console.isTerminal()} tells the difference.
   */
  static boolean onTerminal() {
    Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      Method isTerminal = Console.class.getMethod("isTerminal");
      return Boolean.TRUE.equals(isTerminal.invoke(console));
    } catch (ReflectiveOperationException e) {
      return true; // JDK 17 to 21: a console is a terminal
    }
  }

  void step(long done, String note) {
    if (err == null) {
      return;
    }
    int percent = (int) Math.min(100, 100L * done / total);
    if (percent != lastPercent) {
      lastPercent = percent;
      int width = 30;
      int filled = percent * width / 100;
      err.print(
          "\r[" + "#".repeat(filled) + " ".repeat(width - filled) + "] " + percent + "% " + note);
      err.flush();
    }
  }

  /** Draws the bar full with its final note, then ends its line. */
  void finish(String note) {
    if (err != null) {
      lastPercent = -1;
      step(total, note);
      err.println();
      err.flush();
    }
  }

  void finish() {
    if (err != null) {
      err.println();
      err.flush();
    }
  }
}
