package dev.jsignals.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jsignals.core.Signals;
import dev.jsignals.testsupport.Await;
import dev.jsignals.testsupport.Meal;
import dev.jsignals.testsupport.StderrCapture;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A target that cannot be reached (its connections are refused) is paused, not failed: its rows
 * keep their attempts and wait, one line tells the cause, the other receivers keep flowing, and
 * when the target is back its rows are delivered.
 */
@Isolated // reads the process's standard error: no other suite may log meanwhile
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {Db.SQLITE, Db.POSTGRESQL})
class TargetOutageTest {
  private static final int ROWS = 5;

  @Parameter String database;

  @TempDir Path dir;

  @Test
  void anUnreachableTargetIsPausedWithoutBurningAttemptsWhileOthersFlow() throws Exception {
    Signals signals = Signals.create();
    Jdbi jdbi = Db.jdbi(Db.create(database, dir), signals);
    AtomicBoolean down = new AtomicBoolean(true);
    int port = closedPort();
    List<String> mailed = new CopyOnWriteArrayList<>();
    List<String> audited = new CopyOnWriteArrayList<>();
    try (StderrCapture log = StderrCapture.start();
        Outbox outbox =
            Outbox.builder(jdbi, signals)
                .maxAttempts(2)
                .backoff(Duration.ofSeconds(5), Duration.ofSeconds(10))
                .build()) {
      outbox.postSave(
          Meal.class,
          "items.mail",
          e -> {
            if (down.get()) {
              // A real connection attempt to a port nobody listens on.
              try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
              }
            }
            mailed.add(e.instance().getName());
          });
      outbox.postSave(Meal.class, "items.audit", e -> audited.add(e.instance().getName()));
      Meal.Dao items = jdbi.onDemand(Meal.Dao.class);
      for (int i = 0; i < ROWS; i++) {
        items.insert(new Meal("item" + i, 1));
      }

      for (int round = 0; round < 3; round++) {
        DeliveryReport report = outbox.deliverDueReport();
        assertThat(report.failed() + report.dead()).as("nothing failed").isZero();
        assertThat(report.allDelivered()).isEqualTo(round > 0 && report.deferred() == 0);
      }
      assertThat(audited).as("the other receiver flowed").hasSize(ROWS);
      assertThat(mailed).isEmpty();
      assertThat(outbox.status().dead()).isZero();
      assertThat(outbox.status().pending()).isEqualTo(ROWS);
      List<OutboxRow> waiting = outbox.rows(OutboxRow.Status.PENDING);
      assertThat(waiting).allSatisfy(row -> assertThat(row.attempts()).isZero());
      assertThat(waiting.get(0).lastError()).startsWith("unreachable: ConnectException");
      String text = log.text();
      assertThat(text)
          .contains("Outbox target items.mail is unreachable (ConnectException")
          .doesNotContain("\tat ")
          .doesNotContain("failed attempt");
      assertThat(text.lines().filter(l -> l.contains("unreachable")).count())
          .as("one line per outage found")
          .isEqualTo(1);

      down.set(false);
      assertThat(
              Await.until(
                  () -> {
                    outbox.deliverDue();
                    return mailed.size() == ROWS;
                  },
                  Duration.ofMinutes(1)))
          .as("delivered once the target is back and its pause ended")
          .isTrue();
      assertThat(outbox.status().pending()).isZero();
    }
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
