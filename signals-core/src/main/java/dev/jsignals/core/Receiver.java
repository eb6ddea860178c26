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
}
