package dev.jsignals.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Mutes signals for the annotated test (or every test of the annotated class): their receivers do
 * not run for sends made on the test's thread, from right before the test until right after it. The
 * signals are those of the {@code Signals} fields of the test instance, named by their event type:
 * a model event ({@code PostSave.class}...) or a custom event class.
 *
 * <pre>{@code
 * @Test
 * @MuteSignals(PostSave.class)
 * void importWithoutProfiles() { ... }   // no post_save receiver runs
 * }</pre>
 *
 * <p>Muting is per thread: tests running in parallel on other threads are not muted, even on a
 * shared {@code Signals}. A muted signal calls no receiver, so {@link RecordSignals} does not see
 * its sends either.
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
   * @return model or custom event classes
   */
  Class<?>[] value();
}
