package dev.jsignals.example;

import java.text.Normalizer;
import java.util.regex.Pattern;

/**
 * Django's rules for usernames (NFKC-normalised), a practical check of e-mail addresses and recipe
 * names (NFKC-normalised too), and the sanitising of everything the program echoes. Stateless and
 * thread-safe.
 */
final class Validation {
  private static final Pattern USERNAME = Pattern.compile("[\\p{L}\\p{N}@.+_-]{1,150}");

  /** No white space, control, format (zero-width, bidi) or separator characters anywhere. */
  private static final String EMAIL_CHAR = "[^@\\s\\p{Cc}\\p{Cf}\\p{Z}]";

  private static final Pattern EMAIL =
      Pattern.compile(EMAIL_CHAR + "+@" + EMAIL_CHAR + "+\\." + "[^@\\s.\\p{Cc}\\p{Cf}\\p{Z}]+");

  /** Characters that can move the cursor, hide text or reverse it on a terminal. */
  private static final Pattern UNPRINTABLE = Pattern.compile("[\\p{Cc}\\p{Cf}\\p{Zl}\\p{Zp}]");

  private static final int ECHO_LENGTH = 60;

  private Validation() {}

  /** {@return the name as Django stores it (NFKC), or a refusal naming what is wrong} */
  static String username(String value) {
    String normalized = normalizeUsername(value);
    if (!USERNAME.matcher(normalized).matches()) {
      throw new Refusal(
          "invalid username '" + echo(value) + "': use 1 to 150 letters, digits and @ . + - _");
    }
    return normalized;
  }

  /** {@return the NFKC form under which a username is stored and looked up} */
  static String normalizeUsername(String value) {
    return Normalizer.normalize(value, Normalizer.Form.NFKC);
  }

  static String email(String value) {
    if (value.length() > 254 || !EMAIL.matcher(value).matches()) {
      throw new Refusal("invalid e-mail address '" + echo(value) + "'");
    }
    return value;
  }

  /**
   * {@return the recipe name as stored and looked up: stripped and NFKC-normalised as usernames are
   * (fullwidth letters become ASCII ones, accents composed), or a refusal: 1 to 200 printable
   * characters, none of them control, invisible or bidi}
   */
  static String recipe(String value) {
    String name = Normalizer.normalize(value, Normalizer.Form.NFKC).strip();
    if (name.isEmpty()
        || name.codePointCount(0, name.length()) > 200
        || UNPRINTABLE.matcher(name).find()) {
      throw new Refusal(
          "invalid recipe name '"
              + echo(value)
              + "': use 1 to 200 characters, without control or invisible ones");
    }
    return name;
  }

  /**
   * {@return user input made safe to print inside one line: control, invisible and bidi characters
   * become {@code ?}, and at most 60 characters are kept}
   */
  static String echo(String value) {
    return echo(value, ECHO_LENGTH);
  }

  /** {@return a path or URL made safe to print: as {@link #echo(String)}, up to 300 characters} */
  static String path(String value) {
    return echo(value, 300);
  }

  private static String echo(String value, int length) {
    String shown = printable(value);
    if (shown.codePointCount(0, shown.length()) > length) {
      return shown.substring(0, shown.offsetByCodePoints(0, length)) + "...";
    }
    return shown;
  }

  /** {@return the text with control, invisible and bidi characters shown as {@code ?}} */
  static String printable(String value) {
    return UNPRINTABLE.matcher(value).replaceAll("?");
  }
}
