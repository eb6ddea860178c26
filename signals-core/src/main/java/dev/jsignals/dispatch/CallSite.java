package dev.jsignals.dispatch;

import java.net.URL;
import java.security.CodeSource;
import org.jspecify.annotations.Nullable;

/**
 * Finds where user code called into the library, for {@link ConnectionInfo#declaredAt()}: the first
 * frame whose class was not loaded from the library's own jar (or classes folder).
 */
final class CallSite {
  private static final StackWalker WALKER =
      StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);
  private static final @Nullable URL LIBRARY = location(CallSite.class);

  private CallSite() {}

  static String find() {
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

  static boolean isLambda(Class<?> type) {
    return type.isSynthetic() || type.isHidden() || type.getName().contains("$$Lambda");
  }

  private static boolean isInternal(Class<?> type) {
    if (LIBRARY == null) {
      return type.getName().startsWith("dev.jsignals.dispatch.")
          && type.getModule() == CallSite.class.getModule();
    }
    return LIBRARY.equals(location(type));
  }

  private static @Nullable URL location(Class<?> type) {
    CodeSource source = type.getProtectionDomain().getCodeSource();
    return source == null ? null : source.getLocation();
  }
}
