package dev.jsignals.testsupport;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Command lines for child JVMs that run a class of this JVM's class path, on this JVM's Java.
 * Stateless.
 *
 * <p>sqlite-jdbc loads its native library with {@code System.load}, a restricted method: from JDK
 * 24 on, a JVM prints a four-line warning on standard error unless native access is enabled for the
 * class path (the Food App's jar enables it in its manifest). Every child JVM of the suites gets
 * {@code --enable-native-access=ALL-UNNAMED} where the option exists (JDK 22 and later), so that
 * what it prints is the program's output only, on every JDK the project supports.
 */
public final class ChildJvm {
  private ChildJvm() {}

  /**
   * {@code java}, the given JVM options, native access on JDK 22 and later, and {@code -cp} with
   * this JVM's class path: the caller adds the main class and its arguments.
   *
   * @param options JVM options, such as {@code -Dname=value}
   * @return a new, modifiable list
   */
  public static List<String> java(String... options) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of(options));
    if (Runtime.version().feature() >= 22) {
      command.add("--enable-native-access=ALL-UNNAMED");
    }
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    return command;
  }

  /**
   * The command line that runs {@code main} with {@code args} in a child JVM.
   *
   * @param main the class whose {@code main} method runs
   * @param args its arguments
   * @return a new, modifiable list
   */
  public static List<String> command(Class<?> main, String... args) {
    List<String> command = java();
    command.add(main.getName());
    command.addAll(List.of(args));
    return command;
  }
}
