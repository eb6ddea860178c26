package dev.jsignals.dispatch;

import java.net.URL;
import java.security.CodeSource;
import org.jspecify.annotations.Nullable;

/**
 * Names things for listings, logs and messages: where user code called into the library (the first
 * stack frame whose class was not loaded from the library's own jar or classes folder), receivers
 * and senders. Stateless; thread-safe.
 */
final class Names {
  private static final StackWalker WALKER =
      StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);
  private static final @Nullable URL LIBRARY = location(Names.class);

  private Names() {}

  /** {@return the first frame of user code on the stack, as {@code Class.method(File.java:42)}} */
  static String callSite() {
    return WALKER.walk(
        frames ->
            frames
                .filter(frame -> !isInternal(frame.getDeclaringClass()))
                .findFirst()
                .map(
                    frame ->
                        frame.getClassName()
                            + "."
                            + frame.getMethodName()
                            + "("
                            + frame.getFileName()
                            + ":"
                            + frame.getLineNumber()
                            + ")")
                .orElse("unknown"));
  }

  /** {@return a sender as listings print it} */
  static String sender(@Nullable Object sender) {
    if (sender == null) {
      return "any";
    }
    return sender instanceof Class<?> type ? type.getName() : String.valueOf(sender);
  }

  /**
   * {@return the name given, else {@code lambda@} and the call site for a lambda, else the class}
   */
  static String receiver(@Nullable String given, Object receiver, String declaredAt) {
    if (given != null) {
      return given;
    }
    return isLambda(receiver.getClass()) ? "lambda@" + declaredAt : receiver.getClass().getName();
  }

  static boolean isLambda(Class<?> type) {
    return type.isSynthetic() || type.isHidden() || type.getName().contains("$$Lambda");
  }

  private static boolean isInternal(Class<?> type) {
    if (LIBRARY == null) {
      return type.getName().startsWith("dev.jsignals.dispatch.")
          && type.getModule() == Names.class.getModule();
    }
    return LIBRARY.equals(location(type));
  }

  private static @Nullable URL location(Class<?> type) {
    CodeSource source = type.getProtectionDomain().getCodeSource();
    return source == null ? null : source.getLocation();
  }
}
