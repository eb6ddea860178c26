package dev.jsignals.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Mutes whole signals, or chosen {@code @Receiver} methods, for the annotated test (or every test
 * of the annotated class), from right before the test until right after it, for sends made on the
 * test's thread. They are those of the {@code Signals} fields of the test instance.
 *
 * <pre>{@code
 * @Test
 * @MuteSignals(PostSave.class)
 * void importWithoutProfiles() { ... }   // no post_save receiver runs
 *
 * @Test
 * @MuteSignals(receivers = SendWelcomeMail.class)
 * void registerWithoutMail() { ... }     // every receiver runs but those of SendWelcomeMail
 * }</pre>
 *
 * <p>Muting is per thread: tests running in parallel on other threads are not muted, even on a
 * shared {@code Signals}. A muted signal calls no receiver, so {@link RecordSignals} does not see
 * its sends either; a muted receiver leaves its signal sending, so they are recorded. A receiver
 * class or name that matches no connected receiver fails the test, naming it, before it runs.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ExtendWith(SignalsExtension.class)
public @interface MuteSignals {
  /**
   * The event types of the signals to mute.
   *
   * @return model event classes ({@code PostSave.class}...) or custom event classes
   */
  Class<?>[] value() default {};

  /**
   * The classes whose {@code @Receiver} methods are muted, all of them.
   *
   * @return classes that declare receivers connected to the test's {@code Signals}
   */
  Class<?>[] receivers() default {};

  /**
   * The {@code @Receiver} methods muted, by name: {@code com.example.SendWelcomeMail#send}, as
   * {@code Connection.receiver()} shows it.
   *
   * @return receiver names
   */
  String[] receiverNames() default {};
}
