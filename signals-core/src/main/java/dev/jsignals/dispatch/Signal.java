package dev.jsignals.dispatch;

import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A signal: receivers connect to it, senders send events through it, as in Django's {@code
 * django.dispatch.Signal}.
 *
 * <p><b>Connections.</b> A connection's key is {@code (dispatchUid, sender)} when a uid is given,
 * else {@code (receiver identity, sender)}. A second connect with an equal key changes nothing and
 * returns a handle whose {@link Connection#isDuplicate()} is true: the first connection keeps its
 * place. Senders are matched by identity ({@code ==}), never by subclass; a receiver connected
 * without a sender receives every sender. Receivers are called in connection order.
 *
 * <p><b>Thread-safety.</b> All methods are thread-safe. Connects and disconnects copy an array
 * under a lock; a send reads the current array once and dispatches on that snapshot without
 * locking, so a connect or disconnect made during a send applies from the next send, and receivers
 * are never called under a lock.
 *
 * <p><b>Weak receivers</b> are opt-in ({@link #connectWeak(Object, WeakListener)}): the owner is
 * held weakly and the receiver function strongly. Once the owner is collected the receiver is never
 * called again; the dead entry is swept on the next connect, disconnect or listing.
 *
 * <p><b>Recursion guard.</b> A send made by a receiver for the same signal, sender and subject (the
 * object the signal's subject function picks from the event, compared by reference; see {@link
 * #create(String, Class, int, Function)}) as a send already running on the thread counts one level;
 * past {@link #maxRecursionDepth()} levels it throws {@link SignalRecursionException} with the
 * chain, instead of overflowing the stack.
 *
 * @param <E> the event type
 */
public final class Signal<E> {
  /** The sender key of receivers connected for any sender. */
  static final Object ANY = new Object();

  private static final Logger log = LoggerFactory.getLogger(Signal.class);
  private static final Entry[] NONE = new Entry[0];
  private static final int DEFAULT_MAX_RECURSION_DEPTH = 8;

  private static final AtomicInteger IDS = new AtomicInteger();

  private final int id = IDS.incrementAndGet();
  private final String name;
  private final Class<E> eventType;
  private final int maxRecursionDepth;
  private final @Nullable Function<? super E, ?> subject;
  private final Object lock = new Object();
  private final ReferenceQueue<Object> collected = new ReferenceQueue<>();
  private volatile Entry[] entries = NONE;

  /**
   * The last all-silent result over the current snapshot, handed again to the next send that calls
   * the same entries; cleared whenever the entries change, so it holds nothing the signal does not.
   */
  private volatile @Nullable SendResult lastImplicit;

  private Signal(
      String name,
      Class<E> eventType,
      int maxRecursionDepth,
      @Nullable Function<? super E, ?> subject) {
    this.name = name;
    this.eventType = eventType;
    this.maxRecursionDepth = maxRecursionDepth;
    this.subject = subject;
  }

  /**
   * Creates a signal with the default recursion limit (8).
   *
   * @param name a readable name, used in listings and messages (Django's {@code post_save})
   * @param eventType the class of the events it carries
   * @param <E> the event type
   * @return a new signal without receivers
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code name} is blank
   */
  public static <E> Signal<E> create(String name, Class<E> eventType) {
    return create(name, eventType, DEFAULT_MAX_RECURSION_DEPTH);
  }

  /**
   * Creates a signal.
   *
   * @param name a readable name, used in listings and messages
   * @param eventType the class of the events it carries
   * @param maxRecursionDepth how many sends for the same sender and instance may be nested on one
   *     thread, at least 1
   * @param <E> the event type
   * @return a new signal without receivers
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code name} is blank or the depth is below 1
   */
  public static <E> Signal<E> create(String name, Class<E> eventType, int maxRecursionDepth) {
    return create(name, eventType, maxRecursionDepth, null);
  }

  /**
   * Creates a signal whose recursion guard tells sends apart by a subject taken from each event:
   * two nested sends count as the same only if their subjects are the same object ({@code ==}).
   * Model signals use the instance being written.
   *
   * @param name a readable name, used in listings and messages
   * @param eventType the class of the events it carries
   * @param maxRecursionDepth how many sends for the same sender and subject may be nested on one
   *     thread, at least 1
   * @param subject picks the subject of an event, or {@code null} to compare sends by sender only
   * @param <E> the event type
   * @return a new signal without receivers
   * @throws NullPointerException if {@code name} or {@code eventType} is null
   * @throws IllegalArgumentException if {@code name} is blank or the depth is below 1
   */
  public static <E> Signal<E> create(
      String name,
      Class<E> eventType,
      int maxRecursionDepth,
      @Nullable Function<? super E, ?> subject) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(eventType, "eventType");
    if (name.isBlank()) {
      throw new IllegalArgumentException("name must not be blank");
    }
    if (maxRecursionDepth < 1) {
      throw new IllegalArgumentException(
          "maxRecursionDepth must be at least 1, was " + maxRecursionDepth);
    }
    return new Signal<>(name, eventType, maxRecursionDepth, subject);
  }

  /** {@return a number unique to this signal, for the recursion guard} */
  int id() {
    return id;
  }

  /** {@return the signal's name} */
  public String name() {
    return name;
  }

  /** {@return the class of the events the signal carries} */
  public Class<E> eventType() {
    return eventType;
  }

  /** {@return how many sends for one sender and instance may nest on a thread} */
  public int maxRecursionDepth() {
    return maxRecursionDepth;
  }

  /**
   * Connects a receiver for every sender.
   *
   * @param receiver the receiver
   * @return the connection's handle
   * @throws NullPointerException if {@code receiver} is null
   */
  public Connection connect(Listener<? super E> receiver) {
    return connect(ConnectOptions.anySender(), receiver);
  }

  /**
   * Connects a receiver for one sender.
   *
   * @param sender the sender, matched by identity (usually a {@code Class})
   * @param receiver the receiver
   * @return the connection's handle
   * @throws NullPointerException if an argument is null
   */
  public Connection connect(Object sender, Listener<? super E> receiver) {
    return connect(ConnectOptions.sender(sender), receiver);
  }

  /**
   * Connects a receiver with options (sender, dispatch uid, name).
   *
   * @param options how to connect
   * @param receiver the receiver
   * @return the connection's handle
   * @throws NullPointerException if an argument is null
   */
  public Connection connect(ConnectOptions options, Listener<? super E> receiver) {
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(receiver, "receiver");
    ConnectionInfo info = describe(options, receiver, false);
    return add(Entry.strong(this, senderKey(options), options.dispatchUid(), info, receiver));
  }

  /**
   * Connects a receiver whose return value becomes its {@link Response#value()}.
   *
   * @param options how to connect
   * @param responder the receiver
   * @return the connection's handle
   * @throws NullPointerException if an argument is null
   */
  public Connection connectResponder(ConnectOptions options, Responder<? super E> responder) {
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(responder, "responder");
    ConnectionInfo info = describe(options, responder, false);
    return add(Entry.responding(this, senderKey(options), options.dispatchUid(), info, responder));
  }

  /**
   * Connects a receiver for every sender, holding {@code owner} weakly: once the owner is garbage
   * collected the receiver is never called again and the connection goes away by itself.
   *
   * @param owner the object whose lifetime bounds the connection
   * @param receiver a function of the owner and the event that captures nothing, typically a method
   *     reference such as {@code Listener::onSave}
   * @param <O> the owner type
   * @return the connection's handle
   * @throws NullPointerException if an argument is null
   */
  public <O> Connection connectWeak(O owner, WeakListener<? super O, ? super E> receiver) {
    return connectWeak(ConnectOptions.anySender(), owner, receiver);
  }

  /**
   * Connects a weakly held receiver with options; see {@link #connectWeak(Object, WeakListener)}.
   *
   * @param options how to connect
   * @param owner the object whose lifetime bounds the connection
   * @param receiver a function of the owner and the event that captures nothing
   * @param <O> the owner type
   * @return the connection's handle
   * @throws NullPointerException if an argument is null
   */
  public <O> Connection connectWeak(
      ConnectOptions options, O owner, WeakListener<? super O, ? super E> receiver) {
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(receiver, "receiver");
    ConnectionInfo info = describe(options, receiver, true);
    return add(
        Entry.weak(
            this, senderKey(options), options.dispatchUid(), info, owner, receiver, collected));
  }

  /**
   * Disconnects a receiver that was connected for every sender without a uid.
   *
   * @param receiver the receiver object given to connect
   * @return whether a connection was removed
   * @throws NullPointerException if {@code receiver} is null
   */
  public boolean disconnect(Object receiver) {
    return disconnect(ANY, receiver, null);
  }

  /**
   * Disconnects a receiver that was connected for one sender without a uid.
   *
   * @param sender the sender it was connected for
   * @param receiver the receiver object given to connect
   * @return whether a connection was removed
   * @throws NullPointerException if an argument is null
   */
  public boolean disconnect(Object sender, Object receiver) {
    return disconnect(Objects.requireNonNull(sender, "sender"), receiver, null);
  }

  /**
   * Disconnects the connection with this uid for every sender.
   *
   * @param dispatchUid the uid given at connect time
   * @return whether a connection was removed
   * @throws NullPointerException if {@code dispatchUid} is null
   */
  public boolean disconnectUid(String dispatchUid) {
    return disconnect(ANY, null, Objects.requireNonNull(dispatchUid, "dispatchUid"));
  }

  /**
   * Disconnects the connection with this uid for one sender.
   *
   * @param sender the sender it was connected for
   * @param dispatchUid the uid given at connect time
   * @return whether a connection was removed
   * @throws NullPointerException if an argument is null
   */
  public boolean disconnectUid(Object sender, String dispatchUid) {
    Objects.requireNonNull(sender, "sender");
    return disconnect(sender, null, Objects.requireNonNull(dispatchUid, "dispatchUid"));
  }

  /**
   * Tells whether any receiver is connected, for any sender, as Django's {@code has_listeners()}.
   *
   * @return whether a live connection exists
   */
  public boolean hasListeners() {
    for (Entry entry : entries) {
      if (entry.isLive()) {
        return true;
      }
    }
    return false;
  }

  /**
   * Tells whether a send from this sender would call any receiver: the live receivers of every
   * sender plus those of this one.
   *
   * @param sender the sender
   * @return whether a receiver would be called
   * @throws NullPointerException if {@code sender} is null
   */
  public boolean hasListeners(Object sender) {
    Objects.requireNonNull(sender, "sender");
    for (Entry entry : entries) {
      if ((entry.sender == ANY || entry.sender == sender) && entry.isLive()) {
        return true;
      }
    }
    return false;
  }

  /**
   * Lists the live connections in call order.
   *
   * @return an immutable list
   */
  public List<Connection> connections() {
    synchronized (lock) {
      sweep();
      return Arrays.stream(entries).filter(Entry::isLive).<Connection>map(e -> e).toList();
    }
  }

  /**
   * Sends an event to the receivers of the sender, in connection order. The first exception a
   * receiver throws stops the loop: unchecked exceptions and errors propagate unchanged, checked
   * ones wrapped in a {@link SignalException} that names the receiver.
   *
   * @param sender the sender, matched by identity against each connection's sender
   * @param event the event
   * @return the response of each receiver called, in order
   * @throws NullPointerException if an argument is null
   * @throws SignalRecursionException if receivers nest the same send too deep
   */
  public List<Response> send(Object sender, E event) {
    Objects.requireNonNull(sender, "sender");
    Objects.requireNonNull(event, "event");
    Entry[] snapshot = entries;
    return snapshot.length == 0 && !DispatchStack.anyMuted()
        ? List.of()
        : dispatch(snapshot, sender, event, false, null);
  }

  /**
   * Sends an event to every receiver of the sender even if some throw: an {@link Exception} is
   * logged at ERROR with the receiver's name and recorded as that receiver's {@link
   * Response#error()}. {@link Error}s are never caught.
   *
   * @param sender the sender
   * @param event the event
   * @return the response or error of each receiver called, in order
   * @throws NullPointerException if an argument is null
   */
  public List<Response> sendRobust(Object sender, E event) {
    Objects.requireNonNull(sender, "sender");
    Objects.requireNonNull(event, "event");
    Entry[] snapshot = entries;
    return snapshot.length == 0 && !DispatchStack.anyMuted()
        ? List.of()
        : dispatch(snapshot, sender, event, true, null);
  }

  /**
   * Sends an event like {@link #sendRobust(Object, Object)}, running each receiver call through
   * {@code isolation}, which can undo a failed receiver's effects: it is given each receiver call
   * and returns the call to run in its place (signals-jdbi wraps it in a database savepoint, since
   * a failed statement aborts the whole transaction on PostgreSQL).
   *
   * @param sender the sender
   * @param event the event
   * @param isolation wraps each receiver call
   * @return the response or error of each receiver called, in order
   * @throws NullPointerException if an argument is null
   */
  public List<Response> sendRobust(
      Object sender, E event, UnaryOperator<Callable<@Nullable Object>> isolation) {
    Objects.requireNonNull(sender, "sender");
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(isolation, "isolation");
    Entry[] snapshot = entries;
    return snapshot.length == 0 && !DispatchStack.anyMuted()
        ? List.of()
        : dispatch(snapshot, sender, event, true, isolation);
  }

  /**
   * Sends an event on an executor, as {@link #send} does. The receivers are those connected when
   * the send runs; a signal muted on the calling thread sends nothing.
   *
   * @param sender the sender
   * @param event the event
   * @param executor where the receivers run
   * @return the responses, or a future completed with the receiver's exception
   * @throws NullPointerException if an argument is null
   */
  public CompletableFuture<List<Response>> sendAsync(Object sender, E event, Executor executor) {
    Objects.requireNonNull(sender, "sender");
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(executor, "executor");
    SignalCapture<?> held = DispatchStack.current().mutedBy(this);
    if (held != null) {
      held.record(sender, event);
      return CompletableFuture.completedFuture(List.of());
    }
    return CompletableFuture.supplyAsync(() -> send(sender, event), executor);
  }

  /**
   * Mutes this signal on the current thread until the returned capture is closed: sends made by
   * this thread call no receiver and return no response, and the capture records what they would
   * have sent. Other threads are not affected, so tests running in parallel stay isolated. Mutes
   * nest; a send is recorded by the innermost one. Close it on the thread that opened it.
   *
   * @return the capture of the sends held back, to close
   */
  public SignalCapture<E> mute() {
    DispatchStack stack = DispatchStack.current();
    SignalCapture<E> capture = new SignalCapture<>();
    capture.onClose(new MuteScope(this, stack));
    stack.mute(this, capture);
    return capture;
  }

  /**
   * Starts recording every send of this signal, from any thread, until the capture is closed.
   *
   * @return the capture to read and close
   */
  public SignalCapture<E> capture() {
    SignalCapture<E> capture = new SignalCapture<>();
    String declaredAt = CallSite.find();
    ConnectionInfo info =
        new ConnectionInfo(name, "capture@" + declaredAt, null, null, false, declaredAt);
    Connection connection = add(Entry.capturing(this, info, capture));
    capture.onClose(connection::disconnect);
    return capture;
  }

  /**
   * Connects one receiver to several signals, like Django's {@code @receiver([sig1, sig2])}.
   *
   * @param receiver the receiver, of a type every signal's events are assignable to
   * @param signals the signals
   * @param <E> the common event type
   * @return one handle that disconnects every connection made
   * @throws NullPointerException if an argument or a signal is null
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
    return "Signal[" + name + ", " + entries.length + " connections]";
  }

  boolean remove(Entry entry) {
    synchronized (lock) {
      sweep();
      int index = Arrays.asList(entries).indexOf(entry);
      if (index < 0) {
        return false;
      }
      removeAt(index);
      return true;
    }
  }

  boolean contains(Entry entry) {
    for (Entry e : entries) {
      if (e == entry) {
        return true;
      }
    }
    return false;
  }

  static String describe(Object sender) {
    if (sender == ANY) {
      return "any";
    }
    return sender instanceof Class<?> type ? type.getName() : String.valueOf(sender);
  }

  private List<Response> dispatch(
      Entry[] snapshot,
      Object sender,
      E event,
      boolean robust,
      @Nullable UnaryOperator<Callable<@Nullable Object>> isolation) {
    DispatchStack stack = DispatchStack.current();
    SignalCapture<?> held = DispatchStack.anyMuted() ? stack.mutedBy(this) : null;
    if (held != null) {
      held.record(sender, event);
      return List.of();
    }
    Function<? super E, ?> pick = subject;
    int subjectHash = pick == null ? 0 : System.identityHashCode(pick.apply(event));
    int frame = stack.enter(this, sender, subjectHash, maxRecursionDepth);
    SendResult result = null;
    long mask = 0L;
    try {
      for (int i = 0; i < snapshot.length; i++) {
        Entry entry = snapshot[i];
        if (entry.sender != ANY && entry.sender != sender) {
          continue;
        }
        Object value;
        Exception error = null;
        try {
          value =
              isolation == null
                  ? entry.invoke(sender, event)
                  : isolation.apply(() -> entry.invoke(sender, event)).call();
        } catch (SignalRecursionException e) {
          e.addFrame(name, sender, entry.info.receiver());
          throw e;
        } catch (Exception e) {
          if (!robust) {
            throw propagate(entry, e);
          }
          log.error("Receiver {} of signal '{}' failed", entry.info.receiver(), name, e);
          value = null;
          error = e;
        }
        if (result == null && (value != null || error != null)) {
          result = SendResult.explicitUpTo(snapshot, sender, i);
        }
        if (value != Entry.DEAD && result != null) {
          result.add(i, value, error);
        }
        mask |= 1L << i;
      }
    } finally {
      stack.exit(frame);
    }
    if (result != null) {
      return result;
    }
    if (mask == 0L) {
      return List.of();
    }
    if (snapshot.length > Long.SIZE) {
      return SendResult.explicitUpTo(snapshot, sender, snapshot.length);
    }
    SendResult last = lastImplicit;
    if (last == null || !last.isImplicitFor(snapshot, mask)) {
      last = SendResult.implicit(snapshot, mask);
      if (snapshot == entries) {
        lastImplicit = last;
      }
    }
    return last;
  }

  private RuntimeException propagate(Entry entry, Exception e) {
    if (e instanceof RuntimeException unchecked) {
      return unchecked;
    }
    return new SignalException(
        "Receiver " + entry.info.receiver() + " of signal '" + name + "' threw " + e, e);
  }

  private Connection add(Entry candidate) {
    synchronized (lock) {
      sweep();
      for (Entry entry : entries) {
        // A weak entry whose owner is cleared but not yet enqueued is dead: it must not win.
        if (entry.isLive() && entry.sameKey(candidate)) {
          log.debug("{} is already connected; the connect changed nothing", entry.info);
          return new Entry.Duplicate(entry);
        }
      }
      Duplicates.warnIfProbable(entries, candidate);
      Entry[] grown = Arrays.copyOf(entries, entries.length + 1);
      grown[entries.length] = candidate;
      entries = grown;
      lastImplicit = null;
      return candidate;
    }
  }

  private boolean disconnect(Object sender, @Nullable Object receiver, @Nullable String uid) {
    if (uid == null) {
      Objects.requireNonNull(receiver, "receiver");
    }
    synchronized (lock) {
      sweep();
      Entry[] current = entries;
      for (int i = 0; i < current.length; i++) {
        Entry entry = current[i];
        boolean same =
            uid != null
                ? uid.equals(entry.uid)
                : entry.uid == null && entry.target() == receiver && entry.owner() == null;
        if (entry.sender == sender
            && entry.isLive()
            && (same || isWeakTarget(entry, receiver, uid))) {
          removeAt(i);
          return true;
        }
      }
      return false;
    }
  }

  private static boolean isWeakTarget(Entry entry, @Nullable Object receiver, @Nullable String u) {
    return u == null && entry.uid == null && receiver != null && entry.owner() == receiver;
  }

  private void removeAt(int index) {
    Entry[] current = entries;
    Entry[] shrunk = new Entry[current.length - 1];
    System.arraycopy(current, 0, shrunk, 0, index);
    System.arraycopy(current, index + 1, shrunk, index, current.length - index - 1);
    entries = shrunk.length == 0 ? NONE : shrunk;
    lastImplicit = null;
  }

  /** Removes the entries whose weak owner the GC has reported collected. Holds the lock. */
  private void sweep() {
    Reference<?> dead;
    while ((dead = collected.poll()) != null) {
      Entry[] current = entries;
      for (int i = 0; i < current.length; i++) {
        if (current[i].holds((java.lang.ref.WeakReference<?>) dead)) {
          log.debug("Swept {}: its owner was garbage collected", current[i].info);
          removeAt(i);
          break;
        }
      }
    }
  }

  private Object senderKey(ConnectOptions options) {
    Object sender = options.sender();
    return sender == null ? ANY : sender;
  }

  private ConnectionInfo describe(ConnectOptions options, Object receiver, boolean weak) {
    String declaredAt = CallSite.find();
    String receiverName = options.name();
    if (receiverName == null) {
      receiverName =
          CallSite.isLambda(receiver.getClass())
              ? "lambda@" + declaredAt
              : receiver.getClass().getName();
    }
    return new ConnectionInfo(
        name, receiverName, options.sender(), options.dispatchUid(), weak, declaredAt);
  }
}
