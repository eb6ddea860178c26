package dev.jsignals.outbox.chaos;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * One process's history: an append-only file, one record a line ({@code TIME KIND FIELDS...},
 * tab-separated), each line flushed before the action it records is acknowledged. {@code TIME} is
 * {@link System#nanoTime()}: on Linux the monotonic clock is one for every process of the machine
 * (and libfaketime is told not to shift it), so the records of all processes can be ordered.
 * Thread-safe.
 */
final class History implements AutoCloseable {
  private final BufferedWriter out;

  History(Path file) {
    try {
      out =
          Files.newBufferedWriter(
              file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Appends a record and flushes it to the operating system (it survives a SIGKILL). */
  synchronized void append(String kind, Object... fields) {
    StringBuilder line = new StringBuilder().append(System.nanoTime()).append('\t').append(kind);
    for (Object field : fields) {
      line.append('\t').append(String.valueOf(field).replace('\t', ' ').replace('\n', ' '));
    }
    try {
      out.write(line.append('\n').toString());
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public synchronized void close() {
    try {
      out.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One record of a history. */
  record Entry(String process, long time, String kind, List<String> fields) {
    long n() {
      return Long.parseLong(fields.get(0));
    }

    String field(int i) {
      return fields.get(i);
    }
  }

  /**
   * Reads a history; a last line cut short by a kill is ignored (its action was never
   * acknowledged).
   */
  static List<Entry> read(String process, Path file) throws IOException {
    List<Entry> entries = new ArrayList<>();
    String text = Files.readString(file, StandardCharsets.UTF_8);
    int end = text.lastIndexOf('\n');
    if (end < 0) {
      return entries;
    }
    for (String line : text.substring(0, end).split("\n", -1)) {
      String[] parts = line.split("\t", -1);
      if (parts.length < 2) {
        continue;
      }
      entries.add(
          new Entry(
              process,
              Long.parseLong(parts[0]),
              parts[1],
              List.of(parts).subList(2, parts.length)));
    }
    return entries;
  }
}
