package dev.jsignals.test;

import dev.jsignals.core.PostDelete;
import dev.jsignals.core.PostSave;
import java.util.List;
import org.assertj.core.api.AbstractAssert;
import org.assertj.core.api.Assertions;
import org.assertj.core.api.ListAssert;

/**
 * AssertJ assertions on a {@link SentSignals}; start them with {@link
 * SignalsAssertions#assertThat(SentSignals)}. Each assertion reads a snapshot of the recording. Not
 * thread-safe: use one on one thread, as any AssertJ assertion.
 */
public final class SentSignalsAssert extends AbstractAssert<SentSignalsAssert, SentSignals> {

  SentSignalsAssert(SentSignals actual) {
    super(actual, SentSignalsAssert.class);
  }

  /**
   * Verifies that at least one event of the type was sent.
   *
   * @param eventType the event class, for example {@code PostSave.class}
   * @return this
   */
  public SentSignalsAssert hasSent(Class<?> eventType) {
    isNotNull();
    if (actual.events(eventType).isEmpty()) {
      failWithMessage(
          "Expected a %s to be sent, but none was; sent: %s",
          eventType.getSimpleName(), actual.all());
    }
    return this;
  }

  /**
   * Verifies that exactly so many events of the type were sent.
   *
   * @param eventType the event class
   * @param times the expected count
   * @return this
   */
  public SentSignalsAssert hasSent(Class<?> eventType, int times) {
    isNotNull();
    int count = actual.events(eventType).size();
    if (count != times) {
      failWithMessage(
          "Expected %d %s sent, but %d were; sent: %s",
          times, eventType.getSimpleName(), count, actual.all());
    }
    return this;
  }

  /**
   * Verifies that no event of the type was sent.
   *
   * @param eventType the event class
   * @return this
   */
  public SentSignalsAssert hasNotSent(Class<?> eventType) {
    return hasSent(eventType, 0);
  }

  /**
   * Verifies that nothing at all was sent.
   *
   * @return this
   */
  public SentSignalsAssert sentNothing() {
    isNotNull();
    if (!actual.all().isEmpty()) {
      failWithMessage("Expected no signal to be sent, but these were: %s", actual.all());
    }
    return this;
  }

  /**
   * Goes on with AssertJ's list assertions on the events of one type, in send order.
   *
   * @param eventType the event class
   * @param <E> the event type
   * @return a list assertion
   */
  public <E> ListAssert<E> events(Class<E> eventType) {
    isNotNull();
    return Assertions.assertThat(actual.events(eventType));
  }

  /**
   * Goes on with AssertJ's list assertions on the {@code post_save} events of one model.
   *
   * @param model the sender, the model class
   * @param <M> the model type
   * @return a list assertion, in send order
   */
  @SuppressWarnings("unchecked")
  public <M> ListAssert<PostSave<M>> postSaves(Class<M> model) {
    isNotNull();
    List<PostSave<M>> saves =
        actual.events(PostSave.class).stream()
            .filter(e -> e.sender() == model)
            .map(e -> (PostSave<M>) e)
            .toList();
    return Assertions.assertThat(saves);
  }

  /**
   * Goes on with AssertJ's list assertions on the {@code post_delete} events of one model.
   *
   * @param model the sender, the model class
   * @param <M> the model type
   * @return a list assertion, in send order
   */
  @SuppressWarnings("unchecked")
  public <M> ListAssert<PostDelete<M>> postDeletes(Class<M> model) {
    isNotNull();
    List<PostDelete<M>> deletes =
        actual.events(PostDelete.class).stream()
            .filter(e -> e.sender() == model)
            .map(e -> (PostDelete<M>) e)
            .toList();
    return Assertions.assertThat(deletes);
  }
}
