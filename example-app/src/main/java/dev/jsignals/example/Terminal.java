package dev.jsignals.example;

import java.io.ByteArrayOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The program's standard output and error, with every line passed through {@link
 * Validation#printableLayout}: whatever a library prints (a log line quoting a host name, a driver
 * message quoting a value), no control or bidi character reaches the terminal. The echoes of the
 * program itself are escaped where they are made; this is the net under them. Thread-safe: the
 * {@link PrintStream} serialises its writers.
 */
final class Terminal extends OutputStream {
  private final OutputStream target;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();

  private Terminal(OutputStream target) {
    this.target = target;
  }

  /** Replaces {@code System.out} and {@code System.err} with escaping streams. */
  static void install() {
    System.setOut(stream(FileDescriptor.out));
    System.setErr(stream(FileDescriptor.err));
  }

  private static PrintStream stream(FileDescriptor descriptor) {
    return new PrintStream(
        new Terminal(new FileOutputStream(descriptor)), true, StandardCharsets.UTF_8);
  }

  @Override
  public void write(int b) throws IOException {
    line.write(b);
    if (b == '\n') {
      emit();
    }
  }

  @Override
  public void write(byte[] bytes, int offset, int length) throws IOException {
    for (int i = offset; i < offset + length; i++) {
      write(bytes[i]);
    }
  }

  @Override
  public void flush() throws IOException {
    emit();
    target.flush();
  }

  @Override
  public void close() throws IOException {
    flush();
    target.close();
  }

  private void emit() throws IOException {
    if (line.size() > 0) {
      String text = line.toString(StandardCharsets.UTF_8);
      line.reset();
      target.write(Validation.printableLayout(text).getBytes(StandardCharsets.UTF_8));
    }
  }
}
