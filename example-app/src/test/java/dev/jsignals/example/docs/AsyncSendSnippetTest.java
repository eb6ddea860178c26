package dev.jsignals.example.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jsignals.core.Signals;
import dev.jsignals.dispatch.Response;
import dev.jsignals.dispatch.Signal;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The asynchronous send of docs/from-django.md: an async and a sync receiver of a custom signal,
 * their responses in connection order.
 */
class AsyncSendSnippetTest {
  record OrderShipped(String email) {}

  record Receipt(String to) {}

  /** Sends mail on another thread. */
  static final class Mailer {
    final List<String> sent = new CopyOnWriteArrayList<>();

    CompletableFuture<Receipt> sendAsync(String to) {
      return CompletableFuture.supplyAsync(
          () -> {
            sent.add(to);
            return new Receipt(to);
          });
    }
  }

  /** Keeps what happened. */
  static final class Audit {
    final List<OrderShipped> logged = new CopyOnWriteArrayList<>();

    void log(OrderShipped event) {
      logged.add(event);
    }
  }

  @Test
  void sendAsyncCompletesWithEveryReceiversResponseInConnectionOrder() throws Exception {
    Signals signals = Signals.create();
    Mailer mailer = new Mailer();
    Audit audit = new Audit();
    OrderShipped event = new OrderShipped("ada@example.com");
    // tag::send-async[]
    Signal<OrderShipped> shipped = signals.signal(OrderShipped.class);
    shipped.connectAsync(order -> mailer.sendAsync(order.email())); // a CompletableFuture<Receipt>
    shipped.connect(order -> audit.log(order)); // an ordinary receiver

    List<Response> responses = shipped.sendAsync("shop", event).get(); // await shipped.asend(...)
    // end::send-async[]

    assertThat(responses)
        .extracting(Response::value)
        .containsExactly(new Receipt("ada@example.com"), null);
    assertThat(mailer.sent).containsExactly("ada@example.com");
    assertThat(audit.logged).containsExactly(event);
  }
}
