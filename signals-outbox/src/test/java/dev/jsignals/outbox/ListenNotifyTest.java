package dev.jsignals.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jsignals.core.PostSave;
import dev.jsignals.core.Signals;
import dev.jsignals.testsupport.Await;
import dev.jsignals.testsupport.Meal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** On PostgreSQL, a relay of another instance is woken by NOTIFY at the writer's commit. */
class ListenNotifyTest {
  @TempDir Path dir;

  @Test
  void anotherInstancesRelayIsWokenByTheCommitNotByItsPoll() throws Exception {
    String url = Db.create(Db.POSTGRESQL, dir);
    Signals writerSignals = Signals.create();
    Jdbi writerJdbi = Db.jdbi(url, writerSignals);
    Signals relaySignals = Signals.create();
    BlockingQueue<PostSave<Meal>> received = new LinkedBlockingQueue<>();
    try (Outbox writer = Outbox.builder(writerJdbi, writerSignals).build();
        Outbox relay =
            Outbox.builder(Db.jdbi(url, relaySignals), relaySignals)
                .pollInterval(Duration.ofMinutes(10))
                .build()) {
      writer.postSave(Meal.class, "items.mail", e -> {});
      relay.postSave(Meal.class, "items.mail", received::add);
      relay.start();
      assertThat(Await.until(relay::listening, Duration.ofSeconds(60))).isTrue();

      writerJdbi.onDemand(Meal.Dao.class).insert(new Meal("soup", 1));

      PostSave<Meal> event = received.poll(60, TimeUnit.SECONDS);
      assertThat(event).as("woken long before its 10-minute poll").isNotNull();
      assertThat(event.instance().getName()).isEqualTo("soup");
    }
  }
}
