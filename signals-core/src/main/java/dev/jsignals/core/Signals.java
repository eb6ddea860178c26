package dev.jsignals.core;

import dev.jsignals.dispatch.Connection;
import dev.jsignals.dispatch.Signal;
import dev.jsignals.dispatch.SignalException;
import dev.jsignals.dispatch.SignalInterceptor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * A set of signals: the five model signals and any custom ones, keyed by event type. Nothing is
 * global; create one per application (or per test) and hand it to the Jdbi plugin.
 *
 * <pre>{@code
 * Signals signals = Signals.discover();          // connects every @Receiver on the class path
 * signals.postSave().connect(User.class, e -> log.info("saved {}", e.instance()));
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class Signals {
  private static final int DEFAULT_MAX_RECURSION_DEPTH = 8;

  private final int maxRecursionDepth;
  private final PreSaveSignal preSave;
  private final PostSaveSignal postSave;
  private final PreDeleteSignal preDelete;
  private final PostDeleteSignal postDelete;
  private final Signal<M2MChanged<?>> m2mChanged;
  private final Map<Class<?>, Signal<?>> custom = new ConcurrentHashMap<>();
  private final ReceiverGate gate = new ReceiverGate();
  private @Nullable SignalInterceptor interceptor; // guarded by custom

  private Signals(int maxRecursionDepth) {
    this.maxRecursionDepth = maxRecursionDepth;
    preSave = new PreSaveSignal(maxRecursionDepth);
    postSave = new PostSaveSignal(maxRecursionDepth);
    preDelete = new PreDeleteSignal(maxRecursionDepth);
    postDelete = new PostDeleteSignal(maxRecursionDepth);
    m2mChanged = ModelSignal.create("m2m_changed", M2MChanged.class, maxRecursionDepth);
  }

  /**
   * Creates a set of signals without receivers, with the default recursion limit (8).
   *
   * @return the signals
   */
  public static Signals create() {
    return new Signals(DEFAULT_MAX_RECURSION_DEPTH);
  }

  /**
   * Creates a set of signals without receivers.
   *
   * @param maxRecursionDepth how many sends of one signal for the same sender and instance may nest
   *     on a thread before a recursion {@link SignalException}; at least 1
   * @return the signals
   * @throws IllegalArgumentException if the depth is below 1
   */
  public static Signals create(int maxRecursionDepth) {
    if (maxRecursionDepth < 1) {
      throw new IllegalArgumentException(
          "maxRecursionDepth must be at least 1, was " + maxRecursionDepth);
    }
    return new Signals(maxRecursionDepth);
  }

  /**
   * Creates a set of signals and connects every {@link Receiver} listed in the indexes that the
   * annotation processor wrote ({@code META-INF/jsignals/receivers} in each jar), using the
   * classes' no-argument constructors and the context class loader. No class path scanning.
   *
   * <p>To disconnect the discovered receivers later (a reload, a test), connect them with {@link
   * #connectDiscovered(ClassLoader)} instead, whose handle disconnects exactly what it connected.
   *
   * @return the signals, with the discovered receivers connected
   * @throws SignalException if no index is on the class path (the annotation processor {@code
   *     dev.jsignals:signals-processor} did not run), or an index names a class or method that is
   *     missing or invalid
   */
  public static Signals discover() {
    return discover(AnnotatedReceivers::construct, Thread.currentThread().getContextClassLoader());
  }

  /**
   * Creates a set of signals and connects every indexed {@link Receiver}.
   *
   * @param factory supplies the instances of classes with receiver instance methods (Spring's
   *     {@code ApplicationContext::getBean}, Guice's {@code Injector::getInstance}); an unchecked
   *     exception it throws is reported naming the class
   * @param loader where to read the indexes and load the classes
   * @return the signals, with the discovered receivers connected
   * @throws SignalException if no index is on the class path, or an index names a class or method
   *     that is missing or invalid
   */
  public static Signals discover(Function<Class<?>, ?> factory, ClassLoader loader) {
    Signals signals = create();
    signals.connectDiscovered(factory, loader);
    return signals;
  }

  /**
   * Connects every indexed {@link Receiver} found through a class loader to this instance, using
   * the classes' no-argument constructors; see {@link #connectDiscovered(Function, ClassLoader)}.
   *
   * @param loader where to read the indexes and load the classes
   * @return the handle of what this call connected: disconnecting or closing it disconnects exactly
   *     those receivers
   * @throws SignalException if no index is found, or an index names a class or method that is
   *     missing or invalid
   */
  public Connection connectDiscovered(ClassLoader loader) {
    return connectDiscovered(AnnotatedReceivers::construct, loader);
  }

  /**
   * Connects every indexed {@link Receiver} to this instance and returns one handle for all of
   * them, for tests and reloads:
   *
   * <pre>{@code
   * Signals signals = Signals.create();
   * Connection discovered = signals.connectDiscovered(getClass().getClassLoader());
   * signals.postSave().connect(User.class, e -> audit(e));   // by hand
   * discovered.disconnect();   // the annotated receivers go, the hand-connected one stays
   * }</pre>
   *
   * <p>Receivers already connected (same uid and sender) are left as they are, and disconnecting
   * the handle leaves them too: it disconnects exactly what this call connected.
   *
   * @param factory supplies the instances of classes with receiver instance methods
   * @param loader where to read the indexes and load the classes
   * @return the handle of what this call connected
   * @throws SignalException if no index is on the class path, or an index names a class or method
   *     that is missing or invalid
   */
  public Connection connectDiscovered(Function<Class<?>, ?> factory, ClassLoader loader) {
    Objects.requireNonNull(factory, "factory");
    Objects.requireNonNull(loader, "loader");
    return Connection.group(AnnotatedReceivers.discover(this, factory, loader));
  }

  /**
   * Connects the {@link Receiver} methods of a class (its static ones) or of an object (its static
   * and instance ones) by reflection, with the same rules the annotation processor checks. Use it
   * when annotation processing is off.
   *
   * @param target a {@code Class} or an instance
   * @return the connections made
   * @throws SignalException if a method breaks a rule; nothing is connected then
   */
  public List<Connection> connectAnnotated(Object target) {
    Objects.requireNonNull(target, "target");
    return AnnotatedReceivers.connect(this, target);
  }

  /**
   * Mutes chosen {@link Receiver} methods of this instance on the current thread until the returned
   * scope is closed: they are not called by sends made on this thread, while every other receiver
   * is. Other threads are not affected, so tests running in parallel stay isolated. Mutes nest.
   * Only annotated receivers are known by name; disconnect a lambda through its {@link Connection}.
   *
   * <pre>{@code
   * String mail = SendWelcomeMail.class.getName() + "#";
   * try (AutoCloseable quiet = signals.muteReceivers(name -> name.startsWith(mail))) {
   *   users.insert(ada);   // every receiver runs but those of SendWelcomeMail
   * }
   * }</pre>
   *
   * @param receiverNames tells, for a receiver's name ({@code com.example.SendWelcomeMail#send}),
   *     whether it is muted
   * @return the scope, to close on this thread; closing twice is harmless
   */
  public AutoCloseable muteReceivers(Predicate<? super String> receiverNames) {
    Objects.requireNonNull(receiverNames, "receiverNames");
    return gate.mute(receiverNames);
  }

  /** The receiver mutes that every annotated receiver of this instance consults. */
  ReceiverGate gate() {
    return gate;
  }

  /** {@return Django's {@code pre_save}} */
  public PreSaveSignal preSave() {
    return preSave;
  }

  /** {@return Django's {@code post_save}} */
  public PostSaveSignal postSave() {
    return postSave;
  }

  /** {@return Django's {@code pre_delete}} */
  public PreDeleteSignal preDelete() {
    return preDelete;
  }

  /** {@return Django's {@code post_delete}} */
  public PostDeleteSignal postDelete() {
    return postDelete;
  }

  /**
   * Gives Django's {@code m2m_changed}. Its sender is the join (through) type and the instance's
   * type depends on the side the relation is changed from, so it is not typed by a model class: it
   * is a plain {@link Signal}, connected with {@code connect(Favorite.class, e -> ...)} and sent
   * with {@code send(event.sender(), event)}.
   *
   * @return the signal, the same object on every call
   */
  public Signal<M2MChanged<?>> m2mChanged() {
    return m2mChanged;
  }

  /**
   * Returns the custom signal of an event type, creating it on first use. {@link Receiver} methods
   * whose parameter is of this type are connected to it.
   *
   * @param eventType the event class; not one of the model event classes
   * @param <E> the event type
   * @return the signal, the same object on every call
   * @throws IllegalArgumentException for a model event class: use {@link #postSave()} and its kin
   */
  @SuppressWarnings("unchecked")
  public <E> Signal<E> signal(Class<E> eventType) {
    Objects.requireNonNull(eventType, "eventType");
    if (ModelEvent.class.isAssignableFrom(eventType)) {
      throw new IllegalArgumentException(
          eventType.getSimpleName()
              + " is a model event: use signals."
              + accessorFor(eventType)
              + " ("
              + modelSignalFor(eventType).name()
              + ") rather than signal("
              + eventType.getSimpleName()
              + ".class)");
    }
    Signal<?> known = custom.get(eventType);
    if (known != null) {
      return (Signal<E>) known;
    }
    synchronized (custom) {
      return (Signal<E>)
          custom.computeIfAbsent(
              eventType,
              type -> {
                Signal<?> made = Signal.create(type.getSimpleName(), type, maxRecursionDepth);
                made.intercept(interceptor);
                return made;
              });
    }
  }

  /**
   * Installs an interceptor on every signal of this set, the custom signals made later included,
   * replacing what {@link Signal#intercept} installed on them; null removes it. Applies from each
   * signal's next send. See {@link SignalInterceptor} for what it wraps.
   *
   * @param interceptor the interceptor, or null for none
   */
  public void intercept(@Nullable SignalInterceptor interceptor) {
    synchronized (custom) {
      this.interceptor = interceptor;
      for (ModelSignal<?> signal : List.of(preSave, postSave, preDelete, postDelete)) {
        signal.signal().intercept(interceptor);
      }
      m2mChanged.intercept(interceptor);
      custom.values().forEach(signal -> signal.intercept(interceptor));
    }
  }

  /**
   * Lists every live connection, by signal name.
   *
   * @return an immutable map in signal order (the five model signals first)
   */
  public Map<String, List<Connection>> connections() {
    Map<String, List<Connection>> all = new LinkedHashMap<>();
    for (ModelSignal<?> signal : List.of(preSave, postSave, preDelete, postDelete)) {
      all.put(signal.name(), signal.connections());
    }
    all.put(m2mChanged.name(), m2mChanged.connections());
    custom.values().forEach(signal -> all.put(signal.name(), signal.connections()));
    return java.util.Collections.unmodifiableMap(all);
  }

  private static String accessorFor(Class<?> eventType) {
    String name = eventType.getSimpleName();
    return (name.equals("M2MChanged")
            ? "m2mChanged"
            : Character.toLowerCase(name.charAt(0)) + name.substring(1))
        + "()";
  }

  /** The model signal that carries events of this class. */
  Signal<?> modelSignalFor(Class<?> eventType) {
    if (eventType == PreSave.class) {
      return preSave.signal();
    } else if (eventType == PostSave.class) {
      return postSave.signal();
    } else if (eventType == PreDelete.class) {
      return preDelete.signal();
    } else if (eventType == PostDelete.class) {
      return postDelete.signal();
    } else if (eventType == M2MChanged.class) {
      return m2mChanged;
    }
    throw new IllegalArgumentException(eventType.getName() + " is not a model event class");
  }
}
