package dev.jsignals.test;

/**
 * Entry point of the fluent assertions on what a test sent, beside AssertJ's own:
 *
 * <pre>{@code
 * import static dev.jsignals.test.SignalsAssertions.assertThat;
 *
 * assertThat(sent).hasSent(PostSave.class, 1).hasNotSent(PostDelete.class);
 * assertThat(sent).postSaves(User.class).singleElement().matches(PostSave::created);
 * }</pre>
 *
 * <p>Stateless and thread-safe.
 */
public final class SignalsAssertions {
  private SignalsAssertions() {}

  /**
   * Starts assertions on what was sent.
   *
   * @param actual the recording of a test
   * @return the assertion object
   */
  public static SentSignalsAssert assertThat(SentSignals actual) {
    return new SentSignalsAssert(actual);
  }
}
