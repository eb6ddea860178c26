package dev.jsignals.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Records the signals sent during each test of the annotated class, as Spring's
 * {@code @RecordApplicationEvents} records application events.
 *
 * <p>The {@link dev.jsignals.core.Signals} instances recorded are the fields of type {@code
 * Signals} of the test instance, read right before each test runs (after {@code @BeforeEach}
 * methods): the five model signals, and the custom signals of the event types named in {@link
 * #events()}. A test method receives what was sent by declaring a {@link SentSignals} parameter;
 * assert on it with {@link SignalsAssertions#assertThat(SentSignals)}.
 *
 * <pre>{@code
 * @RecordSignals
 * class OrderTest {
 *   Signals signals = Signals.discover();
 *
 *   @Test
 *   void newOrderIsSaved(SentSignals sent) {
 *     orders.insert(new Order("ada"));
 *     assertThat(sent).hasSent(PostSave.class, 1).postSaves(Order.class).singleElement();
 *   }
 * }
 * }</pre>
 *
 * <p>Each test has a recording of its own, so tests running in parallel never see each other's
 * sends, as long as each test instance has its own {@code Signals} (nothing in jsignals is global).
 * Sends from every thread during the test are recorded, asynchronous ones ({@code sendAsync},
 * {@code sendAsyncRobust}) included: the recorder is a synchronous receiver, so a send is recorded
 * before its future completes.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ExtendWith(SignalsExtension.class)
public @interface RecordSignals {
  /**
   * Custom event types whose signals are recorded too.
   *
   * @return the event classes; none by default
   */
  Class<?>[] events() default {};
}
