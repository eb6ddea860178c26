package dev.jsignals.core;

import java.util.Set;

/** Finds where user code called into the library, for {@link ConnectionInfo#declaredAt()}. */
final class CallSite {
  private static final StackWalker WALKER =
      StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);
  private static final Set<Class<?>> INTERNAL =
      Set.of(
          Signal.class, CallSite.class, Signals.class, ModelSignal.class, AnnotatedReceivers.class);

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
    Class<?> outer = type;
    while (outer.getEnclosingClass() != null) {
      outer = outer.getEnclosingClass();
    }
    Class<?> parent = outer.getSuperclass();
    return INTERNAL.contains(outer) || (parent != null && INTERNAL.contains(parent));
  }
}
