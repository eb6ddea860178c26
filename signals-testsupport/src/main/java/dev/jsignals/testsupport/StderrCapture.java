package dev.jsignals.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Captures standard error (where slf4j-simple logs) from construction until closed, so tests that
 * provoke errors assert the log instead of printing it. Replaces {@code System.err} for the whole
 * JVM: a suite that uses it must not run beside another one that writes there. {@link #text()} may
 * be called from any thread.
 */
public final class StderrCapture implements AutoCloseable {
  private final PrintStream original = System.err;
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

  /** Starts capturing. */
  public StderrCapture() {
    System.setErr(new PrintStream(bytes, true, StandardCharsets.UTF_8));
  }

  /**
   * Starts capturing; the same as the constructor.
   *
   * @return the capture, to close
   */
  public static StderrCapture start() {
    return new StderrCapture();
  }

  /**
   * What was captured so far.
   *
   * @return the text, decoded as UTF-8
   */
  public String text() {
    // ByteArrayOutputStream's methods are synchronized: this reads a consistent snapshot.
    return bytes.toString(StandardCharsets.UTF_8);
  }

  /** Puts the original standard error back. */
  @Override
  public void close() {
    System.setErr(original);
  }
}
