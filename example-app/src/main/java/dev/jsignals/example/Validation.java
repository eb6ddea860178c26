package dev.jsignals.example;

import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

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

  /** As {@link #UNPRINTABLE}, but keeping the tab, carriage return and new line of a layout. */
  private static final Pattern UNPRINTABLE_IN_LAYOUT =
      Pattern.compile("[[\\p{Cc}\\p{Cf}\\p{Zl}\\p{Zp}]&&[^\\t\\r\\n]]");

  private static final int ECHO_LENGTH = 60;

  private Validation() {}

  /** {@return the name as Django stores it (NFKC), or a refusal naming what is wrong} */
  static String username(String value) {
    String normalized = normalizeUsername(value);
    if (!USERNAME.matcher(normalized).matches()) {
      throw new Refusal(
          "invalid username '" + echo(value) + "': use 1 to 150 letters, digits and @ . + - _");
    }
    Set<Character.UnicodeScript> scripts = new TreeSet<>();
    normalized
        .codePoints()
        .filter(Character::isLetter)
        .forEach(c -> scripts.add(Character.UnicodeScript.of(c)));
    if (scripts.size() > 1
        && (scripts.contains(Character.UnicodeScript.CYRILLIC)
            || scripts.contains(Character.UnicodeScript.GREEK))) {
      throw new Refusal(
          "invalid username '"
              + echo(value)
              + "': it mixes "
              + scripts.stream().map(Validation::scriptName).collect(Collectors.joining(" and "))
              + " letters, which can look alike; use letters of one script");
    }
    return normalized;
  }

  private static String scriptName(Character.UnicodeScript script) {
    String name = script.name().toLowerCase(Locale.ROOT);
    return Character.toUpperCase(name.charAt(0)) + name.substring(1);
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
   * are escaped ({@link #printable}), and at most 60 characters are kept}. Every value the program
   * echoes from its command line, files or environment goes through this method or {@link #path}.
   */
  static String echo(String value) {
    return echo(value, ECHO_LENGTH);
  }

  /** {@return a path or URL made safe to print: as {@link #echo(String)}, up to 300 characters} */
  static String path(String value) {
    return echo(value, 300);
  }

  /**
   * {@return the CSV file given on the command line, made safe to print ({@link #path})}
   *
   * @throws Refusal if it is a directory
   */
  static String csvFile(Path file) {
    String shown = path(file.toString());
    if (Files.isDirectory(file)) {
      throw new Refusal(shown + " is a directory, not a CSV file");
    }
    return shown;
  }

  private static String echo(String value, int length) {
    String shown = printable(value);
    if (shown.codePointCount(0, shown.length()) > length) {
      return shown.substring(0, shown.offsetByCodePoints(0, length)) + "...";
    }
    return shown;
  }

  /**
   * {@return the text with control, invisible and bidi characters escaped: a new line shows as
   * {@code \\n}, an escape character as {@code \\x1B}, a right-to-left override as {@code
   * \\u202E}}; nothing in it can move the cursor, change colours or reorder the line
   */
  static String printable(String value) {
    return UNPRINTABLE.matcher(value).replaceAll(Validation::escaped);
  }

  /**
   * {@return the text as {@link #printable(String)} makes it, but keeping tabs, carriage returns
   * and new lines}: for the program's own layout, such as a progress bar or a stack trace
   */
  static String printableLayout(String value) {
    return UNPRINTABLE_IN_LAYOUT.matcher(value).replaceAll(Validation::escaped);
  }

  private static String escaped(MatchResult match) {
    int c = match.group().codePointAt(0);
    String shown =
        switch (c) {
          case '\n' -> "\\n";
          case '\r' -> "\\r";
          case '\t' -> "\\t";
          default -> c < 0x100 ? String.format("\\x%02X", c) : String.format("\\u%04X", c);
        };
    return Matcher.quoteReplacement(shown);
  }
}
