package dev.jsignals.dispatch;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * A signal: receivers connect to it, senders send events through it, as in Django's {@code
 * django.dispatch.Signal}.
 *
 * <p><b>Connections.</b> A connection's key is {@code (dispatchUid, sender)} when a uid is given,
 * else {@code (receiver, sender)}. A receiver is the object given, except that a {@link Listener}
 * lambda or method reference is the method it calls and the objects it captured: {@code
 * handler::onSave} evaluated twice is one receiver, as a Django bound method is. A second connect
 * with an equal key changes nothing and returns a handle whose {@link Connection#isDuplicate()} is
 * true. Senders are matched by identity, never by subclass; a receiver connected without a sender
 * receives every sender. Receivers are called in connection order.
 *
 * <p><b>Memory.</b> As in Django, a sender given at connect time is held weakly: once it is garbage
 * collected its connections go. Weak receivers ({@link #connectWeak(Object, BiConsumer)}) hold
 * their owner weakly. No cache of a signal keeps a sender, receiver or event alive after a send.
 *
 * <p><b>Recursion guard.</b> A signal created with a recursion limit counts the sends of the same
 * signal, sender and subject (picked from the event by the subject function, compared by reference)
 * nested on a thread; one more than the limit throws a {@link SignalException} whose {@link
 * SignalException#recursionChain()} lists the chain, instead of overflowing the stack. A signal
 * created without a limit has no guard, as in Django, and pays no per-thread cost on a send.
 *
 * <p><b>Asynchronous receivers.</b> An {@link AsyncListener} returns a stage instead of finishing
 * its work: {@link #sendAsync(Object, Object)} runs such receivers concurrently, and {@link #send}
 * waits for each (at most {@link #asyncTimeout()}), as Django 5 does with coroutine receivers.
 *
 * <p>A null argument is refused with a {@link NullPointerException} naming it.
 *
 * <p><b>Thread-safety.</b> All methods are thread-safe. Connects and disconnects copy an array
 * under a lock; a send reads the current array once and dispatches on that snapshot without
 * locking, so a change made during a send applies from the next send, and receivers are never
 * called under a lock.
 *
 * @param <E> the event type
 */
public final class Signal<E> extends AsyncSends<E> {
  private static final AtomicInteger IDS = new AtomicInteger();

  private final int id = IDS.incrementAndGet();
  private final String name;
  private final Class<E> eventType;
  private final int maxRecursionDepth;
  private final @Nullable Function<? super E, ?> subject;

  private Signal(
      String name, Class<E> eventType, int maxDepth, @Nullable Function<? super E, ?> subject) {
    this.name = name;
    this.eventType = eventType;
    this.maxRecursionDepth = maxDepth;
    this.subject = subject;
  }

  /**
   * Creates a signal without a recursion guard, as Django's.
   *
   * @param name a readable name, used in listings and messages (Django's {@code post_save})
   * @param eventType the class of the events it carries
   * @param <E> the event type
   * @return a new signal without receivers
   * @throws IllegalArgumentException if {@code name} is blank
   */
  public static <E> Signal<E> create(String name, Class<E> eventType) {
    return validated(name, eventType, 0, null);
  }

  /**
   * Creates a signal whose recursion guard compares nested sends by sender.
   *
   * @param name a readable name, used in listings and messages
   * @param eventType the class of the events it carries
   * @param maxRecursionDepth how many sends for the same sender may nest on a thread, at least 1
   * @param <E> the event type
   * @return a new signal without receivers
   * @throws IllegalArgumentException if {@code name} is blank or the depth is below 1
   */
  public static <E> Signal<E> create(String name, Class<E> eventType, int maxRecursionDepth) {
    return create(name, eventType, maxRecursionDepth, null);
  }

  /**
   * Creates a signal whose recursion guard compares nested sends by sender and by a subject taken
   * from each event ({@code ==}). Model signals use the instance being written.
   *
   * @param name a readable name, used in listings and messages
   * @param eventType the class of the events it carries
   * @param maxRecursionDepth how many sends for the same sender and subject may nest on a thread,
   *     at least 1
   * @param subject picks the subject of an event, or {@code null} to compare by sender only
   * @param <E> the event type
   * @return a new signal without receivers
   * @throws IllegalArgumentException if {@code name} is blank or the depth is below 1
   */
  public static <E> Signal<E> create(
      String name,
      Class<E> eventType,
      int maxRecursionDepth,
      @Nullable Function<? super E, ?> subject) {
    if (maxRecursionDepth < 1) {
      throw new IllegalArgumentException(
          "maxRecursionDepth must be at least 1, was " + maxRecursionDepth);
    }
    return validated(name, eventType, maxRecursionDepth, subject);
  }

  private static <E> Signal<E> validated(
      String name, Class<E> type, int depth, @Nullable Function<? super E, ?> subject) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "eventType");
    if (name.isBlank()) {
      throw new IllegalArgumentException("name must not be blank");
    }
    return new Signal<>(name, type, depth, subject);
  }

  int id() {
    return id;
  }

  Registry registry() {
    return registry;
  }

  /** {@return what the recursion guard compares an event by: its subject, or the signal class} */
  @SuppressWarnings("unchecked")
  Object subjectOf(Object event) {
    return subject == null ? Signal.class : ((Function<Object, ?>) subject).apply(event);
  }

  @Override
  Signal<E> self() {
    return this;
  }

  /** {@return the signal's name} */
  public String name() {
    return name;
  }

  /** {@return the class of the events the signal carries} */
  public Class<E> eventType() {
    return eventType;
  }

  /** {@return how many equal sends may nest on a thread, or 0 for a signal without a guard} */
  public int maxRecursionDepth() {
    return maxRecursionDepth;
  }

  /**
   * Installs an interceptor around this signal's sends and receiver calls (see {@link
   * SignalInterceptor} for what it wraps), replacing the one installed before; null removes it.
   * Applies from the next send. One interceptor per signal: to run several, compose them into one.
   *
   * @param interceptor the interceptor, or null for none
   */
  public void intercept(@Nullable SignalInterceptor interceptor) {
    registry.intercept(interceptor);
  }

  /** {@return the installed interceptor, or null} */
  public @Nullable SignalInterceptor interceptor() {
    return registry.interceptor();
  }

  /**
   * Sends an event to the receivers of the sender, in connection order. The first exception a
   * receiver throws stops the loop: unchecked exceptions and errors propagate unchanged, checked
   * ones wrapped in a {@link SignalException} that names the receiver.
   *
   * @param sender the sender, matched by identity against each connection's sender
   * @param event the event
   * @return the response of each receiver called, in order
   * @throws SignalException if receivers nest the same send too deep
   */
  public List<Response> send(Object sender, E event) {
    return send(sender, event, false, null);
  }

  /**
   * Sends an event to every receiver of the sender even if some throw: an {@link Exception} is
   * logged at ERROR with the receiver's name and recorded as that receiver's {@link
   * Response#error()}. {@link Error}s and recursion stops are never caught.
   *
   * @param sender the sender
   * @param event the event
   * @return the response or error of each receiver called, in order
   */
  public List<Response> sendRobust(Object sender, E event) {
    return send(sender, event, true, null);
  }

  /**
   * Sends like {@link #sendRobust(Object, Object)}, running each receiver call through {@code
   * isolation}, which can undo a failed receiver's effects: it is given each receiver call and
   * returns the call to run in its place (signals-jdbi wraps it in a database savepoint).
   *
   * @param sender the sender
   * @param event the event
   * @param isolation wraps each receiver call
   * @return the response or error of each receiver called, in order
   */
  public List<Response> sendRobust(
      Object sender, E event, UnaryOperator<Callable<@Nullable Object>> isolation) {
    return send(sender, event, true, Objects.requireNonNull(isolation, "isolation"));
  }

  private List<Response> send(
      Object sender,
      E event,
      boolean robust,
      @Nullable UnaryOperator<Callable<@Nullable Object>> isolation) {
    Objects.requireNonNull(sender, "sender");
    Objects.requireNonNull(event, "event");
    Snapshot snapshot = registry.view();
    if (DispatchStack.anyMuted() && Mutes.held(this, sender, event)) {
      return List.of();
    }
    if (snapshot.entries.length == 0) {
      return List.of();
    }
    if (maxRecursionDepth == 0) {
      return Dispatch.loop(this, snapshot, sender, event, robust, isolation);
    }
    Object about = subject == null ? Signal.class : subject.apply(event);
    return Dispatch.guarded(this, snapshot, sender, about, event, robust, isolation);
  }

  /**
   * Mutes this signal on the current thread until the returned capture is closed: sends made by
   * this thread call no receiver, return no response and are recorded by the capture. Other threads
   * are not affected. Mutes nest; a send is recorded by the innermost one. Close it on the thread
   * that opened it.
   *
   * @return the capture of the sends held back, to close
   */
  public SignalCapture<E> mute() {
    return Mutes.open(this);
  }

  /**
   * Starts recording every send of this signal, from any thread, until the capture is closed.
   *
   * @return the capture to read and close
   */
  public SignalCapture<E> capture() {
    SignalCapture<E> capture = new SignalCapture<>();
    ConnectOptions options = ConnectOptions.anySender().name("capture@" + Names.callSite());
    Connection connection = add(options, capture, Entry.Kind.CAPTURE, null);
    capture.onClose(connection::disconnect);
    return capture;
  }

  /**
   * Connects one receiver to several signals, like Django's {@code @receiver([sig1, sig2])}.
   *
   * @param receiver the receiver, of a type every signal's events are assignable to
   * @param signals the signals, at least one
   * @param <E> the common event type
   * @return one handle that disconnects every connection made
   * @throws IllegalArgumentException if no signal is given
   */
  @SafeVarargs
  public static <E> Connection connectAll(
      Listener<? super E> receiver, Signal<? extends E>... signals) {
    Objects.requireNonNull(receiver, "receiver");
    Objects.requireNonNull(signals, "signals");
    for (int i = 0; i < signals.length; i++) {
      Objects.requireNonNull(signals[i], "signals[" + i + "]");
    }
    if (signals.length == 0) {
      throw new IllegalArgumentException(
          "connectAll needs at least one signal to connect the receiver to");
    }
    List<Connection> made = new ArrayList<>(signals.length);
    for (Signal<? extends E> signal : signals) {
      made.add(signal.connect(receiver));
    }
    return new ConnectionGroup(made);
  }

  @Override
  public String toString() {
    return "Signal[" + name + ", " + registry.size() + " connections]";
  }
}
