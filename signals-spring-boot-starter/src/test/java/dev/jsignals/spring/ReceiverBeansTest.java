package dev.jsignals.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jsignals.core.Signals;
import dev.jsignals.dispatch.Connection;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.io.ClassPathResource;

/**
 * Receivers as beans: connected from the index with their injected dependencies once the context
 * has started, disconnected when it closes; a receiver bean the index does not list fails the
 * start, naming it.
 */
class ReceiverBeansTest {
  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(SignalsAutoConfiguration.class, OutboxAutoConfiguration.class))
          .withUserConfiguration(TestApp.class)
          .withPropertyValues("jsignals.outbox.enabled=false");

  @Test
  void receiverBeansAreConnectedWhileTheContextRunsAndDisconnectedWhenItCloses() {
    Signals[] kept = new Signals[1];
    runner.run(
        context -> {
          Signals signals = context.getBean(Signals.class);
          kept[0] = signals;
          assertThat(receivers(signals)).contains(NoteReceivers.class.getName() + "#audit");
        });

    assertThat(receivers(kept[0])).doesNotContain(NoteReceivers.class.getName() + "#audit");
  }

  @Test
  @ExtendWith(OutputCaptureExtension.class)
  void aReceiverBeanThatTheIndexDoesNotListFailsTheStartNamingIt(CapturedOutput output) {
    runner
        .withClassLoader(new FilteredClassLoader(new ClassPathResource(ReceiverBeans.INDEX)))
        .run(
            context ->
                assertThat(context.getStartupFailure())
                    .hasMessageContaining("'noteReceivers'")
                    .hasMessageContaining(NoteReceivers.class.getName() + "#audit")
                    .hasMessageContaining("dev.jsignals:signals-processor"));
    assertThat(output.getAll())
        .as("Spring's one line about the cancelled refresh, without a stack trace")
        .contains("cancelling refresh attempt: dev.jsignals.dispatch.SignalException: These beans")
        .doesNotContain("\tat org.springframework");
  }

  private static List<String> receivers(Signals signals) {
    return signals.connections().values().stream()
        .flatMap(List::stream)
        .map(Connection::receiver)
        .toList();
  }
}
