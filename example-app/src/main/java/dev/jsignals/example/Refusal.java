package dev.jsignals.example;

/**
 * An operation the app refuses: the message names the problem. Exit code 1, or 2 for a refusal of
 * what the command line names ({@link #usage}), such as a mistyped database path.
 */
final class Refusal extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int exitCode;

  Refusal(String message) {
    this(message, 1);
  }

  private Refusal(String message, int exitCode) {
    super(message, null, false, false);
    this.exitCode = exitCode;
  }

  /** {@return a refusal with the exit code of a usage error, 2} */
  static Refusal usage(String message) {
    return new Refusal(message, 2);
  }

  /** {@return the exit code the program ends with: 1, or 2 for a usage error} */
  int exitCode() {
    return exitCode;
  }
}
