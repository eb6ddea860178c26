package dev.jsignals.example;

import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * Reads strict UTF-8 text line by line, streaming, and refuses a line longer than a bound naming
 * its number: no input, however large ({@code /dev/zero}, a file of gigabytes), is held in memory
 * whole. Not thread-safe.
 */
final class BoundedLines implements Closeable {
  private final Counting bytes;
  private final Reader in;
  private final int maxLength;
  private final String source;
  private final StringBuilder line = new StringBuilder();
  private int number;

  /**
   * Reads a stream.
   *
   * @param in the stream; closed by {@link #close()}
   * @param maxLength the longest line accepted, in characters
   * @param source what the stream is, for the messages ({@code users.csv}, {@code standard input})
   */
  BoundedLines(InputStream in, int maxLength, String source) {
    this.bytes = new Counting(in);
    this.in =
        new InputStreamReader(
            bytes,
            StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT));
    this.maxLength = maxLength;
    this.source = source;
  }

  /**
   * The next line, without its line ending.
   *
   * @return the line, or null at the end of the input
   * @throws Refusal if the line is longer than the bound or is not UTF-8
   * @throws IOException if the input cannot be read
   */
  @Nullable String next() throws IOException {
    line.setLength(0);
    number++;
    int c;
    try {
      while ((c = in.read()) != -1 && c != '\n') {
        if (line.length() == maxLength) {
          throw new Refusal(
              source + " line " + number + " is longer than " + maxLength + " characters");
        }
        line.append((char) c);
      }
    } catch (CharacterCodingException e) {
      throw new Refusal(source + " line " + number + " is not UTF-8 text");
    }
    if (c == -1 && line.isEmpty()) {
      return null;
    }
    int end = line.length();
    if (end > 0 && line.charAt(end - 1) == '\r') {
      line.setLength(end - 1);
    }
    return line.toString();
  }

  /** {@return the number of the line last returned, from 1} */
  int lineNumber() {
    return number;
  }

  /** {@return the bytes read from the stream so far (decoded ahead by up to a buffer)} */
  long bytesRead() {
    return bytes.count;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }

  private static final class Counting extends FilterInputStream {
    long count;

    Counting(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = super.read(buffer, offset, length);
      if (n > 0) {
        count += n;
      }
      return n;
    }
  }
}
