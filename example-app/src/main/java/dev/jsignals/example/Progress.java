package dev.jsignals.example;

import java.io.PrintWriter;
import org.jspecify.annotations.Nullable;

/** A progress bar on standard error, drawn only when the program runs on a terminal. */
final class Progress {
  private final @Nullable PrintWriter err;
  private final int total;
  private int lastPercent = -1;

  private Progress(@Nullable PrintWriter err, int total) {
    this.err = err;
    this.total = total;
  }

  static Progress start(PrintWriter err, int total) {
    return new Progress(System.console() != null && total > 0 ? err : null, total);
  }

  void step(int done) {
    if (err == null) {
      return;
    }
    int percent = (int) (100L * done / total);
    if (percent != lastPercent) {
      lastPercent = percent;
      int width = 30;
      int filled = percent * width / 100;
      err.print(
          "\r["
              + "#".repeat(filled)
              + " ".repeat(width - filled)
              + "] "
              + percent
              + "% "
              + done
              + "/"
              + total);
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
