package dev.jsignals.example;

/** An operation the app refuses (exit code 1): the message names the problem. */
final class Refusal extends RuntimeException {
  private static final long serialVersionUID = 1L;

  Refusal(String message) {
    super(message, null, false, false);
  }
}
