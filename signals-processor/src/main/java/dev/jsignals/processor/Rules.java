package dev.jsignals.processor;

import java.util.Set;

/**
 * The rules a {@code dev.jsignals.core.Receiver} method must follow, with their messages: the
 * processor's copy of the rules signals-core checks again at run time (the processor does not
 * depend on signals-core, so that it runs from the processor path alone); both report the same
 * text.
 */
final class Rules {
  /** The binary names of the five model event classes. */
  public static final Set<String> MODEL_EVENTS =
      Set.of(
          "dev.jsignals.core.PreSave",
          "dev.jsignals.core.PostSave",
          "dev.jsignals.core.PreDelete",
          "dev.jsignals.core.PostDelete",
          "dev.jsignals.core.M2MChanged");

  /** The event whose sender is the join type, not its type argument. */
  public static final String M2M_CHANGED = "dev.jsignals.core.M2MChanged";

  /** Where the processor writes the index and discovery reads it. */
  public static final String INDEX = "META-INF/jsignals/receivers";

  /**
   * The folder of the uniquely named copies of the index, one per compiled module: a fat jar that
   * keeps only one {@link #INDEX} (a plain shade configuration) still holds all of them.
   */
  public static final String INDEX_FOLDER = "META-INF/jsignals/index/";

  /** The start of the name of the registrar class generated in each package with receivers. */
  public static final String REGISTRAR_PREFIX = "JsignalsReceivers_";

  private Rules() {}

  /**
   * Formats a rule violation.
   *
   * @param type the declaring class
   * @param method the method name
   * @param rule what is wrong and how to fix it
   * @return the message
   */
  public static String violation(String type, String method, String rule) {
    return "@Receiver method " + type + "#" + method + ": " + rule;
  }

  /**
   * The message for a parameter count other than one.
   *
   * @param count the number of parameters
   * @return the rule text
   */
  public static String oneParameter(int count) {
    return "must take exactly one parameter, the event (for example PostSave<User> event), but"
        + " takes "
        + count
        + ".";
  }

  /**
   * The message for a parameter that is not an event type.
   *
   * @param type the parameter type
   * @return the rule text
   */
  public static String eventType(String type) {
    return "its parameter type "
        + type
        + " is not an event type. Use a model event (PreSave, PostSave, PreDelete, PostDelete,"
        + " M2MChanged) or a custom event class of your own.";
  }

  /** The message for a private method. */
  public static final String NOT_PRIVATE =
      "must not be private: make it package-private or public so that it can be connected.";

  /** The message for a private declaring class. */
  public static final String CLASS_NOT_PRIVATE =
      "its declaring class must not be private (nor nested in a private class): make it"
          + " package-private.";

  /** The message for an instance method of a class nobody can supply. */
  public static final String INSTANTIABLE =
      "is an instance method of an abstract class, an interface, or an inner (non-static) class,"
          + " which no receiver factory can supply. Make the method static, or declare it in a"
          + " concrete top-level or static nested class.";

  /** The message for weak = true on a static method. */
  public static final String WEAK_STATIC =
      "is static but says weak = true: only an instance can be held weakly. Remove weak, or make"
          + " the method an instance method.";

  /** The message for durable = true together with weak = true. */
  public static final String DURABLE_WEAK =
      "says durable = true and weak = true: a durable receiver is called after the commit, from"
          + " the outbox, and cannot be held weakly. Remove one of the two.";

  /** The model events a durable receiver can take. */
  public static final Set<String> DURABLE_EVENTS =
      Set.of("dev.jsignals.core.PostSave", "dev.jsignals.core.PostDelete", M2M_CHANGED);

  /**
   * The message for durable = true on an event a durable receiver cannot take.
   *
   * @param type the parameter type
   * @return the rule text
   */
  public static String durableEvent(String type) {
    return "says durable = true but takes "
        + type
        + ": a durable receiver takes PostSave, PostDelete or M2MChanged (an event delivered after"
        + " the commit, from the outbox). Remove durable, or receive one of those.";
  }

  /** The message for a blank uid. */
  public static final String BLANK_UID =
      "has a blank dispatchUid: leave it out for the default (Class#method) or give a name.";

  /**
   * The message for a sender that contradicts the type argument.
   *
   * @param declared the {@code sender} attribute
   * @param fromType the type argument of the event parameter
   * @return the rule text
   */
  public static String senderMismatch(String declared, String fromType) {
    return "says sender = "
        + declared
        + ".class but its parameter is typed for "
        + fromType
        + ". Remove sender (the type argument gives it) or make the two agree.";
  }

  /**
   * Tells whether a class name can be a custom event type.
   *
   * @param binaryName the class's binary name
   * @return false for JDK types, which are never events
   */
  public static boolean customEventCandidate(String binaryName) {
    return !binaryName.startsWith("java.") && !binaryName.startsWith("javax.");
  }
}
