package dev.jsignals.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The Spring transaction suite on PostgreSQL, where a {@code REQUIRES_NEW} method also runs: its
 * row and hook follow its own transaction, which commits though the outer one rolls back.
 */
@SpringBootTest(classes = TestApp.class, properties = "test.db=postgresql")
@EnabledIfEnvironmentVariable(named = "JSIGNALS_POSTGRES_URL", matches = ".+")
class PostgresSpringTransactionTest extends SpringTransactionSuite {

  @Test
  void aRequiresNewMethodCommitsItsRowAndHookThoughTheOuterOneRollsBack() {
    assertThatThrownBy(() -> service.createOwnThenFail("soup", "stew"))
        .hasMessage("refused after writing soup");

    assertThat(notes.texts()).containsExactly("stew");
    assertThat(notes.audit()).containsExactly("saved stew");
    assertThat(hooks.ran()).containsExactly("committed stew");
  }
}
