package dev.jsignals.example.cli;

import dev.jsignals.example.FoodApp;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Runs the program in this JVM and captures what it prints. */
final class Cli {
  private Cli() {}

  /** What a run returned and printed. */
  record Result(int code, String out, String err) {
    List<String> errLines() {
      return err.lines().toList();
    }

    String all() {
      return out + err;
    }
  }

  static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = FoodApp.run(args, new PrintWriter(out), new PrintWriter(err));
    return new Result(code, out.toString(), err.toString());
  }

  static synchronized Result runWithInput(InputStream stdin, String... args) {
    InputStream saved = System.in;
    System.setIn(stdin);
    try {
      return run(args);
    } finally {
      System.setIn(saved);
    }
  }

  static Result runWithInput(String stdin, String... args) {
    return runWithInput(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), args);
  }
}
