package dev.jsignals.example;

import java.util.regex.Pattern;

/** Django's rules for usernames and a practical check of e-mail addresses. */
final class Validation {
  private static final Pattern USERNAME = Pattern.compile("[\\p{L}\\p{N}@.+_-]{1,150}");
  private static final Pattern EMAIL =
      Pattern.compile("[^@\\s\\p{Cntrl}]+@[^@\\s\\p{Cntrl}]+\\.[^@\\s.\\p{Cntrl}]+");

  private Validation() {}

  static String username(String value) {
    if (!USERNAME.matcher(value).matches()) {
      throw new Refusal(
          "invalid username '" + shorten(value) + "': use 1 to 150 letters, digits and @ . + - _");
    }
    return value;
  }

  static String email(String value) {
    if (value.length() > 254 || !EMAIL.matcher(value).matches()) {
      throw new Refusal("invalid e-mail address '" + shorten(value) + "'");
    }
    return value;
  }

  private static String shorten(String value) {
    String printable = value.replaceAll("\\p{Cntrl}", "?");
    return printable.length() > 40 ? printable.substring(0, 40) + "..." : printable;
  }
}
