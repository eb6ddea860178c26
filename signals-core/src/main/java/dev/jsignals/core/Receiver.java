package dev.jsignals.core;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a method as a receiver, Django's {@code @receiver}. The signal comes from the method's
 * one parameter: a model event ({@code PostSave<User>}, sender {@code User.class} taken from the
 * type argument) or a custom event type (the {@link Signals#signal(Class)} of that type).
 *
 * <pre>{@code
 * final class ProfileReceivers {
 *   @Receiver(dispatchUid = "users.create-profile")
 *   static void createProfile(PostSave<User> event) {
 *     if (event.created() && !event.raw()) {
 *       event.attach(ProfileDao.class).insert(new Profile(event.instance().id()));
 *     }
 *   }
 * }
 * }</pre>
 *
 * <p>The method is static, or an instance method of a class that the receiver factory (see {@link
 * Signals#discover(java.util.function.Function, ClassLoader)}) can supply; it is not private. The
 * annotation processor (dev.jsignals:signals-processor) checks these rules at compile time and
 * writes the index that {@link Signals#discover()} reads at start-up.
 *
 * <p><b>Asynchronous receivers.</b> A method may return a {@link
 * java.util.concurrent.CompletionStage} (Django 5's {@code async def} receiver): it is connected as
 * an {@link dev.jsignals.dispatch.AsyncListener}, whose stage {@code sendAsync} runs concurrently
 * with the others and a plain {@code send} waits for. A model event is sent inside the write's
 * transaction, so an asynchronous receiver of one must say, with {@link #await()}, whether the
 * write waits for its stage; the processor fails the build when it does not.
 *
 * <p>An annotation: it holds no state; the processor reads it at compile time and {@link
 * Signals#connectAnnotated(Object)} at run time.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Receiver {

  /**
   * The connection's uid. Empty (the default) means {@code com.example.Receivers#method}, stable
   * across runs, so discovering twice never connects twice.
   *
   * @return the uid, or empty for the default
   */
  String dispatchUid() default "";

  /**
   * The sender, when the parameter type does not give it: {@code void.class} (the default) means
   * the type argument of a model event, or any sender for a custom event.
   *
   * @return the sender class
   */
  Class<?> sender() default void.class;

  /**
   * Whether the receiver's instance is held weakly (instance methods only): the connection goes
   * away once the instance supplied by the receiver factory (see {@link
   * Signals#discover(java.util.function.Function, ClassLoader)}) is no longer used elsewhere.
   *
   * @return whether to hold the instance weakly
   */
  boolean weak() default false;

  /**
   * Whether the receiver is durable: its events are not delivered in the write's thread but written
   * as outbox rows in the write's transaction and delivered after the commit, at least once, by the
   * relays of an {@code Outbox} (module {@code dev.jsignals:signals-outbox}). Only {@code
   * PostSave}, {@code PostDelete} and {@code M2MChanged} receivers can be durable, and not weakly
   * held. Building an {@code Outbox} on the {@link Signals} that discovered the receiver takes it
   * over; until then a write that would reach it fails, naming it, so that no event is lost
   * silently.
   *
   * @return whether to deliver through the outbox
   */
  boolean durable() default false;

  /**
   * For a method that returns a {@link java.util.concurrent.CompletionStage}: whether a synchronous
   * send, and so the write that sends a model event, waits for the stage. Required for model
   * events; for custom events {@link Await#UNDECLARED} means {@link Await#AWAIT}. Only for methods
   * that return a stage.
   *
   * @return whether the send waits for the stage
   */
  Await await() default Await.UNDECLARED;

  /** Whether a send waits for an asynchronous receiver's stage; see {@link Receiver#await()}. */
  enum Await {
    /** Not said: an error for a model event; {@link #AWAIT} for a custom event. */
    UNDECLARED,
    /**
     * The send waits for the stage (at most the signal's {@code asyncTimeout}): a model write
     * commits after it, and a failed stage fails the send and rolls the write back.
     */
    AWAIT,
    /**
     * The send starts the stage and goes on: the write does not wait, a failure is only logged. The
     * stage must not use the event's handle, which is gone once the write returns.
     */
    DETACH
  }
}
