package dev.jsignals.processor;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;

/**
 * The rules of a {@code @Receiver} method and their messages, read from {@code
 * META-INF/jsignals/rules.properties}: the file of signals-core that this module packs too (see its
 * pom), so that compile time and run time report the same text. Immutable, thread-safe.
 */
final class Rules {
  private static final Properties TEXT = load();

  static final List<String> MODEL_EVENTS = List.of(text("modelEvents").split(","));
  static final String M2M_CHANGED = text("m2mChanged");
  static final String REGISTRAR_PREFIX = text("registrarPrefix");
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
