package dev.jsignals.core;

import dev.jsignals.dispatch.AsyncListener;
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
 * Connects {@link Receiver} methods for {@link Signals#connectAnnotated(Object)} and keeps the
 * connections it made. Not thread-safe; used by one call at a time.
 */
final class ReceiverConnector {
  private final Signals signals;
  private final List<Connection> made = new ArrayList<>();

  ReceiverConnector(Signals signals) {
    this.signals = signals;
  }

  /**
   * Wraps a receiver factory so that a failure, or an object of another class, is reported naming
   * the class that was asked for.
   */
  static Function<Class<?>, Object> checked(Function<Class<?>, ?> factory) {
    return type -> instance(factory, type);
  }

  private static <T> T instance(Function<Class<?>, ?> factory, Class<T> type) {
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
  <E> void connect(
      Class<?> eventType,
      @Nullable Class<?> sender,
      String dispatchUid,
      String name,
      Listener<E> listener) {
    made.add(this.<E>signalFor(eventType).connect(options(sender, dispatchUid, name), listener));
  }

  /**
   * Connects one receiver method that returns a {@code CompletionStage}.
   *
   * @param eventType the method's parameter class: a model event or a custom event
   * @param sender the sender, or {@code null} for any sender
   * @param dispatchUid the connection's uid
   * @param name the readable name, {@code com.example.Receivers#method}
   * @param listener the method as an asynchronous listener
   * @param <E> the event type
   */
  <E> void connectAsync(
      Class<?> eventType,
      @Nullable Class<?> sender,
      String dispatchUid,
      String name,
      AsyncListener<E> listener) {
    made.add(
        this.<E>signalFor(eventType).connectAsync(options(sender, dispatchUid, name), listener));
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
  <O, E> void connectWeak(
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
      return (Signal) signals.modelSignalFor(eventType);
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
