package dev.jsignals.core;

import dev.jsignals.core.durable.DurableReceiver;
import dev.jsignals.dispatch.ConnectOptions;
import dev.jsignals.dispatch.Connection;
import dev.jsignals.dispatch.Listener;
import dev.jsignals.dispatch.Signal;
import dev.jsignals.dispatch.SignalException;
import java.lang.reflect.UndeclaredThrowableException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Connects the {@link Receiver} methods of one class: implemented by the code that the annotation
 * processor generates next to each class with receivers, and listed in the index that {@link
 * Signals#discover()} reads. Applications do not implement it.
 *
 * <p>The generated code calls the methods through plain method references, so an annotated receiver
 * costs what a lambda costs, and package-private classes and methods work.
 */
public interface ReceiverRegistrar {

  /**
   * Connects the receivers of the class this registrar was generated for.
   *
   * @param registration where to connect them
   * @throws Exception if the receiver factory cannot supply an instance
   */
  void register(Registration registration) throws Exception;

  /**
   * What a registrar connects to: a {@link Signals} instance and the factory of receiver instances.
   * Not thread-safe; used by one discovery at a time.
   */
  final class Registration {
    private final Signals signals;
    private final Function<Class<?>, ?> factory;
    private final List<Connection> made = new ArrayList<>();

    Registration(Signals signals, Function<Class<?>, ?> factory) {
      this.signals = signals;
      this.factory = factory;
    }

    /**
     * Supplies the instance whose receiver methods are connected.
     *
     * @param type the declaring class
     * @param <T> its type
     * @return the instance from the receiver factory
     * @throws SignalException if the factory fails or returns something else
     */
    public <T> T instance(Class<T> type) {
      Object instance;
      try {
        instance = factory.apply(type);
      } catch (RuntimeException e) {
        Throwable cause = e instanceof UndeclaredThrowableException u ? u.getCause() : e;
        throw new SignalException(
            "The receiver factory could not supply "
                + type.getName()
                + ", which declares @Receiver instance methods: "
                + cause
                + ". Give it an accessible no-argument constructor or pass a factory that knows"
                + " it (Signals.discover(factory, loader)).",
            cause);
      }
      if (!type.isInstance(instance)) {
        throw new SignalException(
            "The receiver factory returned "
                + (instance == null ? "null" : instance.getClass().getName())
                + " for "
                + type.getName()
                + "; it must return an instance of that class.");
      }
      return type.cast(instance);
    }

    /**
     * Connects one receiver method.
     *
     * @param eventType the method's parameter class: a model event or a custom event
     * @param sender the sender, or {@code null} for any sender
     * @param dispatchUid the connection's uid
     * @param name the readable name, {@code com.example.Receivers#method}
     * @param listener the method as a listener
     * @param <E> the event type
     */
    public <E> void connect(
        Class<?> eventType,
        @Nullable Class<?> sender,
        String dispatchUid,
        String name,
        Listener<E> listener) {
      made.add(this.<E>signalFor(eventType).connect(options(sender, dispatchUid, name), listener));
    }

    /**
     * Connects one durable receiver method ({@code @Receiver(durable = true)}): in its place, a
     * placeholder that an outbox built on these signals takes over, so that the method runs after
     * the commit, from the outbox's rows, instead of in the write.
     *
     * @param eventType the method's parameter class: {@code PostSave}, {@code PostDelete} or {@code
     *     M2MChanged}
     * @param sender the sender, or {@code null} for any sender
     * @param dispatchUid the connection's uid, which also names the outbox rows
     * @param name the readable name, {@code com.example.Receivers#method}
     * @param listener the method as a listener
     * @param <E> the event type
     */
    @SuppressWarnings("unchecked")
    public <E> void connectDurable(
        Class<?> eventType,
        @Nullable Class<?> sender,
        String dispatchUid,
        String name,
        Listener<E> listener) {
      DurableReceiver durable =
          new DurableReceiver(eventType, sender, dispatchUid, name, (Listener<Object>) listener);
      Connection connection =
          this.<Object>signalFor(eventType)
              .connect(options(sender, dispatchUid, name + " (durable)"), durable);
      made.add(connection);
      if (!connection.isDuplicate()) {
        DurableReceiver.found(signals, durable);
      }
    }

    /**
     * Connects one receiver instance method, holding the instance weakly.
     *
     * @param eventType the method's parameter class
     * @param sender the sender, or {@code null} for any sender
     * @param dispatchUid the connection's uid
     * @param name the readable name
     * @param owner the instance
     * @param listener the method, taking the instance and the event
     * @param <O> the owner type
     * @param <E> the event type
     */
    public <O, E> void connectWeak(
        Class<?> eventType,
        @Nullable Class<?> sender,
        String dispatchUid,
        String name,
        O owner,
        BiConsumer<O, E> listener) {
      made.add(
          this.<E>signalFor(eventType)
              .connectWeak(options(sender, dispatchUid, name), owner, listener));
    }

    List<Connection> connections() {
      return List.copyOf(made);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private <E> Signal<E> signalFor(Class<?> eventType) {
      Objects.requireNonNull(eventType, "eventType");
      if (ModelEvent.class.isAssignableFrom(eventType)) {
        return (Signal) signals.modelSignalFor(eventType).signal();
      }
      return (Signal<E>) signals.signal(eventType);
    }

    private static ConnectOptions options(
        @Nullable Class<?> sender, String dispatchUid, String name) {
      ConnectOptions options =
          sender == null ? ConnectOptions.anySender() : ConnectOptions.sender(sender);
      return options.dispatchUid(dispatchUid).name(name);
    }
  }
}
