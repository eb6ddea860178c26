package dev.jsignals.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * The rules of a {@link Receiver} method and their messages, read from {@code
 * META-INF/jsignals/rules.properties}: the one file that the annotation processor reads too, so
 * that compile time and run time report the same text. Immutable, thread-safe.
 */
final class Rules {
  private static final Properties TEXT = load();

  static final String INDEX = text("index");
  static final String INDEX_FOLDER = text("indexFolder");
  static final String REGISTRAR_METHOD = text("registrarMethod");

  private Rules() {}

  /** The message of a key, with {@code {0}}, {@code {1}}... replaced by the arguments. */
  static String text(String key, Object... arguments) {
    String text = TEXT.getProperty(key);
    if (text == null) {
      throw new IllegalStateException(
          "No rule '" + key + "' in META-INF/jsignals/rules.properties");
    }
    for (int i = 0; i < arguments.length; i++) {
      text = text.replace("{" + i + "}", String.valueOf(arguments[i]));
    }
    return text;
  }

  /** Tells whether a class can be a custom event type: JDK types never are. */
  static boolean customEventCandidate(String binaryName) {
    for (String prefix : text("jdkPackages").split(",")) {
      if (binaryName.startsWith(prefix)) {
        return false;
      }
    }
    return true;
  }

  private static Properties load() {
    Properties properties = new Properties();
    try (InputStream in = Rules.class.getResourceAsStream("/META-INF/jsignals/rules.properties")) {
      if (in == null) {
        throw new IllegalStateException("META-INF/jsignals/rules.properties is missing");
      }
      properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return properties;
  }
}
