package dev.jsignals.core;

import java.util.List;

/**
 * The rules of a {@code @Receiver} method, their messages, and the names that the annotation
 * processor and the run time share (index files, registrar names). This one source is the rules'
 * only home: signals-core compiles it, and signals-processor compiles the same file with its
 * package renamed (see that module's pom), because the processor runs from the annotation processor
 * path alone and signals-core must need nothing but SLF4J at run time. Each side describes a method
 * as a {@link Method}, from {@code javax.lang.model} at compile time and from reflection at run
 * time, and both get the same verdict in the same words.
 *
 * <p>Uses {@code java.base} only, and no annotation library: the processor has no dependency.
 * Stateless; thread-safe.
 */
final class ReceiverRules {
  static final String RECEIVER = "dev.jsignals.core.Receiver";
  static final String M2M_CHANGED = "dev.jsignals.core.M2MChanged";
  static final List<String> MODEL_EVENTS =
      List.of(
          "dev.jsignals.core.PreSave",
          "dev.jsignals.core.PostSave",
          "dev.jsignals.core.PreDelete",
          "dev.jsignals.core.PostDelete",
          M2M_CHANGED);
  static final List<String> DURABLE_EVENTS =
      List.of("dev.jsignals.core.PostSave", "dev.jsignals.core.PostDelete", M2M_CHANGED);
  static final String DURABLE_OUTBOX = "dev.jsignals.outbox.DurableReceivers";
  static final String STAGE = "java.util.concurrent.CompletionStage";
  static final String INDEX = "META-INF/jsignals/receivers";
  static final String INDEX_FOLDER = "META-INF/jsignals/index/";
  static final String REGISTRAR_PREFIX = "JsignalsReceivers_";
  static final String REGISTRAR_METHOD = "register";

  /** The values of {@code Receiver.Await}, by name: the processor cannot load the enum. */
  static final String UNDECLARED = "UNDECLARED";

  static final String DETACH = "DETACH";

  private ReceiverRules() {}

  /** Where a method is checked: by the processor, or by {@code Signals.connectAnnotated}. */
  enum Where {
    COMPILE,
    CONNECT
  }

  /**
   * A {@code @Receiver} method as both checkers see it. Class names are binary names.
   *
   * @param declaringClass the declaring class
   * @param name the method name
   * @param parameterCount how many parameters it takes
   * @param parameter its first parameter's type as written, for messages ({@code ""} if none)
   * @param eventClass the binary name of that parameter's class, or null if it is not a class or
   *     interface type (a primitive, an array, a type variable)
   * @param isStatic whether the method is static
   * @param isPrivate whether the method is private
   * @param classPrivate whether its class, or a class enclosing it, is private
   * @param instanceAvailable whether an instance can be had: a concrete top-level or static nested
   *     class at compile time, an instance passed at connect time
   * @param async whether it returns a {@code CompletionStage}
   * @param await the name of its {@code await} attribute's value
   * @param weak its {@code weak} attribute
   * @param durable its {@code durable} attribute
   * @param outboxPresent whether signals-outbox can be seen (compile time only)
   * @param dispatchUid its {@code dispatchUid} attribute
   * @param declaredSender its {@code sender} attribute as a name, or null when not given
   * @param typedSender the sender the parameter's type argument gives, or null
   */
  record Method(
      String declaringClass,
      String name,
      int parameterCount,
      String parameter,
      String eventClass,
      boolean isStatic,
      boolean isPrivate,
      boolean classPrivate,
      boolean instanceAvailable,
      boolean async,
      String await,
      boolean weak,
      boolean durable,
      boolean outboxPresent,
      String dispatchUid,
      String declaredSender,
      String typedSender) {

    /** {@return whether the parameter is one of the five model events} */
    boolean model() {
      return eventClass != null && MODEL_EVENTS.contains(eventClass);
    }

    /** {@return the default uid and readable name, {@code com.example.Receivers#method}} */
    String defaultName() {
      return declaringClass + "#" + name;
    }
  }

  /** {@return the broken rule's full message, or null when the method follows every rule} */
  static String problem(Where where, Method m) {
    String rule = rule(where, m);
    return rule == null ? null : violation(m.declaringClass(), m.name(), rule);
  }

  /** {@return the message for a method that breaks a rule} */
  static String violation(String declaringClass, String method, String rule) {
    return "@Receiver method " + declaringClass + "#" + method + ": " + rule;
  }

  private static String rule(Where where, Method m) {
    if (m.parameterCount() != 1) {
      return "must take exactly one parameter, the event (for example PostSave<User> event), but"
          + " takes "
          + m.parameterCount()
          + ".";
    }
    if (m.isPrivate()) {
      return "must not be private: make it package-private or public so that it can be connected.";
    }
    if (where == Where.COMPILE && m.classPrivate()) {
      // The generated registrar must name the class; reflection can reach it anyway.
      return "its declaring class must not be private (nor nested in a private class): make it"
          + " package-private.";
    }
    if (m.eventClass() == null || (!m.model() && !customEventCandidate(m.eventClass()))) {
      return "its parameter type "
          + m.parameter()
          + " is not an event type. Use a model event (PreSave, PostSave, PreDelete, PostDelete,"
          + " M2MChanged) or a custom event class of your own.";
    }
    if (m.isStatic() && m.weak()) {
      return "is static but says weak = true: only an instance can be held weakly. Remove weak, or"
          + " make the method an instance method.";
    }
    String durable = m.durable() ? durableRule(where, m) : null;
    if (durable != null) {
      return durable;
    }
    if (!m.isStatic() && !m.instanceAvailable()) {
      return where == Where.COMPILE
          ? "is an instance method of an abstract class, an interface, or an inner (non-static)"
              + " class, which no receiver factory can supply. Make the method static, or declare"
              + " it in a concrete top-level or static nested class."
          : "is an instance method, but a Class was passed: pass an instance of "
              + simpleName(m.declaringClass())
              + " to connectAnnotated, or make the method static.";
    }
    if (!m.dispatchUid().isEmpty() && m.dispatchUid().isBlank()) {
      return "has a blank dispatchUid: leave it out for the default (Class#method) or give a name.";
    }
    if (m.declaredSender() != null
        && m.typedSender() != null
        && !m.declaredSender().equals(m.typedSender())) {
      return "says sender = "
          + m.declaredSender()
          + ".class but its parameter is typed for "
          + m.typedSender()
          + ". Remove sender (the type argument gives it) or make the two agree.";
    }
    return asyncRule(m);
  }

  private static String durableRule(Where where, Method m) {
    if (where == Where.CONNECT) {
      return "says durable = true: durable receivers are connected from the annotation"
          + " processor's index (Signals.discover()), or with outbox.postSave(...) and its kin,"
          + " not by connectAnnotated.";
    }
    if (m.weak()) {
      return "says durable = true and weak = true: a durable receiver is called after the commit,"
          + " from the outbox, and cannot be held weakly. Remove one of the two.";
    }
    if (!DURABLE_EVENTS.contains(m.eventClass())) {
      return "says durable = true but takes "
          + m.parameter()
          + ": a durable receiver takes PostSave, PostDelete or M2MChanged (an event delivered"
          + " after the commit, from the outbox). Remove durable, or receive one of those.";
    }
    if (m.async()) {
      return "is durable and returns a CompletionStage: the outbox relay counts a delivery done"
          + " when the method returns, so it would not wait for the stage. Return void, and"
          + " finish the work before returning.";
    }
    if (!m.outboxPresent()) {
      return "says durable = true, but signals-outbox is not on the compile class path: add the"
          + " dependency dev.jsignals:signals-outbox, which delivers durable receivers.";
    }
    return null;
  }

  private static String asyncRule(Method m) {
    if (!m.async()) {
      return UNDECLARED.equals(m.await())
          ? null
          : "says await = "
              + m.await()
              + " but returns no CompletionStage: await is for asynchronous receivers. Remove it,"
              + " or return the receiver's CompletionStage.";
    }
    if (m.weak()) {
      return "is weak and returns a CompletionStage: weakly held receivers are synchronous."
          + " Remove weak, or return void.";
    }
    if (m.model() && UNDECLARED.equals(m.await())) {
      return "returns a CompletionStage for a model event, which is sent inside the write's"
          + " transaction: say whether the write waits for the stage. await = Await.AWAIT: the"
          + " write waits (bounded by the signal's asyncTimeout) and rolls back if it fails;"
          + " await = Await.DETACH: the write goes on, the stage runs on its own and a failure is"
          + " only logged (it must not use the event's handle).";
    }
    return null;
  }

  /** Tells whether a class can be a custom event type: JDK types never are. */
  static boolean customEventCandidate(String binaryName) {
    return !binaryName.startsWith("java.") && !binaryName.startsWith("javax.");
  }

  private static String simpleName(String binaryName) {
    String name = binaryName.substring(binaryName.lastIndexOf('.') + 1);
    return name.substring(name.lastIndexOf('$') + 1);
  }
}
