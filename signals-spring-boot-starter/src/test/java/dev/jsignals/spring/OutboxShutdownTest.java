package dev.jsignals.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jsignals.core.Signals;
import dev.jsignals.outbox.Outbox;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;

/**
 * A context closed while its relay delivers an outbox row: the close waits for the delivery, which
 * completes, and the row is gone (delivered), never left claimed or lost.
 */
class OutboxShutdownTest {

  @Test
  void closingTheContextDuringADeliveryLetsItCompleteAndTheRowIsDelivered() throws Exception {
    CountDownLatch closing = new CountDownLatch(1);
    ConfigurableApplicationContext context =
        new SpringApplicationBuilder(TestApp.class)
            .web(WebApplicationType.NONE)
            .listeners(
                event -> {
                  if (event instanceof ContextClosedEvent) {
                    closing.countDown();
                  }
                })
            .run();
    NoteMail mail = context.getBean(NoteMail.class);
    Jdbi jdbi = context.getBean(Jdbi.class);
    mail.hold();
    context.getBean(NoteService.class).create("soup");
    assertThat(mail.awaitEntered()).as("the relay started the delivery").isTrue();

    Thread closer = new Thread(context::close, "closer");
    closer.start();
    assertThat(closing.await(3, TimeUnit.MINUTES)).as("the context started closing").isTrue();
    mail.release();
    closer.join(TimeUnit.MINUTES.toMillis(3));

    assertThat(closer.isAlive()).as("the close finished").isFalse();
    assertThat(mail.mailed()).containsExactly("soup");
    Outbox reader = Outbox.builder(jdbi, Signals.create()).createSchema(false).build();
    assertThat(reader.status().pending()).isZero();
    assertThat(reader.status().dead()).isZero();
  }
}
