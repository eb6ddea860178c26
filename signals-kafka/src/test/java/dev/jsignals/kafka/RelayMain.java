package dev.jsignals.kafka;

import dev.jsignals.core.Signals;
import dev.jsignals.outbox.Outbox;
import dev.jsignals.testsupport.Meal;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.jdbi.v3.core.Jdbi;

/**
 * A relay process: publishes the meal rows of a database to Kafka until it is killed. Arguments:
 * the database's JDBC URL, the bootstrap servers and the topic. Prints {@code relay started} once
 * it runs.
 */
public final class RelayMain {
  private RelayMain() {}

  public static void main(String[] args) throws Exception {
    Signals signals = Signals.create();
    Jdbi jdbi = MealDb.jdbi(args[0], signals);
    KafkaPublisher publisher = KafkaPublisher.builder(args[1]).topicFor(model -> args[2]).build();
    Outbox outbox =
        Outbox.builder(jdbi, signals)
            .relayThreads(2)
            .lease(Duration.ofSeconds(3))
            // A publish may take up to 40 s; the heartbeat keeps the short lease meanwhile.
            .deliveryTimeout(Duration.ofMinutes(1))
            .pollInterval(Duration.ofMillis(200))
            .build();
    KafkaTarget.route(outbox, signals.postSave().signal(), Meal.class, publisher);
    outbox.start();
    System.out.println("relay started");
    System.out.flush();
    new CountDownLatch(1).await();
  }
}
