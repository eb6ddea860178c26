package dev.jsignals.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * The Spring transaction suite on a SQLite file. There a {@code REQUIRES_NEW} method called while
 * the outer transaction holds the write lock fails at once with a sentence that says why, instead
 * of waiting for itself until the busy timeout; the outer transaction rolls back whole.
 */
class SqliteSpringTransactionTest extends SpringTransactionSuite {

  @Test
  void aRequiresNewWriteInsideAnOuterTransactionIsRefusedWithASentence() {
    assertThatThrownBy(() -> service.createOwnThenFail("soup", "stew"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("REQUIRES_NEW transaction")
        .hasMessageContaining("cannot start on SQLite while this thread's outer transaction");

    assertThat(notes.texts()).isEmpty();
    assertThat(notes.audit()).isEmpty();
    assertThat(hooks.ran()).isEmpty();
  }
}
