package dev.jsignals.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jsignals.core.Signals;
import dev.jsignals.outbox.DeliveryReport;
import dev.jsignals.outbox.Outbox;
import dev.jsignals.outbox.OutboxRow;
import dev.jsignals.outbox.TracePropagation;
import dev.jsignals.testsupport.Await;
import dev.jsignals.testsupport.Meal;
import dev.jsignals.testsupport.StderrCapture;
import dev.jsignals.testsupport.TestBroker;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Outbox rows relayed to a real broker by two relays, received by a SignalsConsumer; on SQLite and
 * PostgreSQL. Each case has topics and consumer groups of its own, named for its database.
 */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {MealDb.SQLITE, MealDb.POSTGRESQL})
class OutboxToKafkaTest {
  static final String TOPIC = KafkaPublisher.defaultTopic(Meal.class.getName());
  @RegisterExtension static final TestBroker broker = TestBroker.perClass();

  @Parameter String database;

  @TempDir Path dir;

  @BeforeAll
  static void createTopic() throws Exception {
    broker.createTopic(TOPIC, 4);
  }

  @Test
  void theEventsOfTenThousandWritesByTwoRelaysAllArriveInPerKeyCommitOrder() throws Exception {
    String url = MealDb.create(database, dir);
    Signals writerSignals = Signals.create();
    Jdbi writer = MealDb.jdbi(url, writerSignals);
    Signals relaySignals = Signals.create();
    Jdbi relayDb = MealDb.jdbi(url, relaySignals);
    Signals receiving = Signals.create();
    Arrivals arrivals = Arrivals.connect(receiving);
    int keys = 20;
    int updates = 10_000 - keys;
    String topic = "meals-10k-" + database;
    broker.createTopic(topic, 4);
    try (KafkaPublisher publisher =
            KafkaPublisher.builder(broker.bootstrapServers()).topicFor(m -> topic).build();
        Outbox first = Outbox.builder(writer, writerSignals).relayThreads(2).build();
        Outbox second = Outbox.builder(relayDb, relaySignals).relayThreads(2).build();
        SignalsConsumer consumer = MealDb.consumer(broker.bootstrapServers(), topic, receiving)) {
      KafkaTarget.route(first, writerSignals.postSave().signal(), Meal.class, publisher);
      KafkaTarget.route(second, relaySignals.postSave().signal(), Meal.class, publisher);
      first.start();
      second.start();
      consumer.start();

      List<Meal> all = MealDb.insert(writer, keys);
      // Transactions of 50 writes: per-key commit order spans them, and PostgreSQL's commits
      // (each one a NOTIFY to the relays) stay few enough for a busy machine.
      MealDb.update(writer, all, 0, updates, 50);
      Await.untilCount(
          "10,000 distinct events consumed",
          arrivals::distinct,
          10_000,
          () ->
              "outboxes "
                  + first.status()
                  + ", "
                  + second.status()
                  + "; consumer delivered "
                  + consumer.delivered()
                  + ", failed "
                  + consumer.failures());
      Await.until("no row pending", () -> first.status().pending() == 0);
    }
    Map<Long, List<Integer>> byKey = arrivals.versionsByKey();
    assertThat(byKey).hasSize(keys);
    byKey.forEach(
        (key, versions) -> {
          assertThat(versions).as("versions of meal %s", key).hasSize(updates / keys + 1);
          for (int v = 0; v < versions.size(); v++) {
            assertThat(versions.get(v)).as("arrival %s of meal %s", v, key).isEqualTo(v);
          }
        });
    assertThat(arrivals.duplicates()).as("no crash, no duplicate").isZero();
  }

  @Test
  void aRelayProcessKilledMidRunLosesNothingOnceARelayRunsAgain() throws Exception {
    String url = MealDb.create(database, dir);
    String topic = "meals-killed-" + database;
    broker.createTopic(topic, 4);
    Signals signals = Signals.create();
    Jdbi jdbi = MealDb.jdbi(url, signals);
    Signals receiving = Signals.create();
    Arrivals arrivals = Arrivals.connect(receiving);
    int keys = 10;
    int total = 1_000;
    try (Outbox recorder = Outbox.builder(jdbi, signals).build();
        KafkaPublisher unused = KafkaPublisher.builder(broker.bootstrapServers()).build();
        SignalsConsumer consumer = MealDb.consumer(broker.bootstrapServers(), topic, receiving)) {
      // Rows are written here; only the child processes relay them.
      KafkaTarget.route(recorder, signals.postSave().signal(), Meal.class, unused);
      List<Meal> all = MealDb.insert(jdbi, keys);
      MealDb.update(jdbi, all, keys, total, 1);
      consumer.start();
      Process relay = RelayProcess.start(url, broker.bootstrapServers(), topic);
      int before;
      try {
        Await.until("200 events consumed", () -> arrivals.distinct() >= 200);
        relay.destroyForcibly().waitFor();
        before = arrivals.distinct();
        assertThat(before).as("killed mid-run").isLessThan(total);
      } finally {
        relay.destroyForcibly().waitFor();
      }
      Process again = RelayProcess.start(url, broker.bootstrapServers(), topic);
      try {
        Await.untilCount(
            total + " distinct events consumed",
            arrivals::distinct,
            total,
            () -> "outbox " + recorder.status() + "; consumer delivered " + consumer.delivered());
        Await.until("no row pending", () -> recorder.status().pending() == 0);
      } finally {
        again.destroyForcibly().waitFor();
      }
      System.out.printf(
          "%s relay killed: %d consumed before SIGKILL, %d distinct in all, %d duplicates%n",
          database, before, arrivals.distinct(), arrivals.duplicates());
    }
    arrivals
        .versionsByKey()
        .forEach(
            (key, versions) -> {
              for (int v = 0; v < versions.size(); v++) {
                assertThat(versions.get(v)).as("first arrival %s of meal %s", v, key).isEqualTo(v);
              }
              assertThat(versions).hasSize(total / keys);
            });
  }

  @Test
  void aRecordKafkaRefusesStopsOnlyItsKeyWhoseLaterEventsFollowInOrderOnceItIsSkipped()
      throws Exception {
    String url = MealDb.create(database, dir);
    String topic = "meals-refused-" + database;
    broker.createTopic(topic, 4);
    Signals signals = Signals.create();
    Jdbi jdbi = MealDb.jdbi(url, signals);
    Signals receiving = Signals.create();
    Arrivals arrivals = Arrivals.connect(receiving);
    try (StderrCapture log = new StderrCapture();
        KafkaPublisher publisher =
            KafkaPublisher.builder(broker.bootstrapServers())
                .topicFor(m -> topic)
                .property("max.request.size", 4_000)
                .build();
        Outbox outbox = Outbox.builder(jdbi, signals).build();
        SignalsConsumer consumer = MealDb.consumer(broker.bootstrapServers(), topic, receiving)) {
      KafkaTarget.route(outbox, signals.postSave().signal(), Meal.class, publisher);
      Meal.Dao meals = jdbi.onDemand(Meal.Dao.class);
      Meal soup = new Meal("soup", 0);
      Meal bread = new Meal("bread", 0);
      meals.insert(soup);
      meals.insert(bread);
      for (int v = 1; v <= 3; v++) {
        // Soup's version 1 is over the producer's max.request.size.
        soup.setName(v == 1 ? "soup ".repeat(2_000) : "soup");
        soup.setVersion(v);
        meals.update(soup);
        bread.setVersion(v);
        meals.update(bread);
      }
      consumer.start();

      DeliveryReport first = outbox.deliverDueReport();

      // Soup's version 0 and all of bread's are acknowledged in one round; soup's version 1 is
      // refused and its later rows were not sent.
      assertThat(first).isEqualTo(new DeliveryReport(5, 1, 0, 2, 0));
      Await.until("bread's four events consumed", () -> arrivals.distinct() >= 5);
      assertThat(log.text()).contains("failed attempt 1 of 16: RecordTooLargeException");
      OutboxRow refused = outbox.rows(OutboxRow.Status.PENDING).get(0);
      assertThat(refused.payload()).contains("\"version\":1");

      outbox.skip(refused.id());
      assertThat(outbox.deliverDueReport()).isEqualTo(new DeliveryReport(2, 0, 0, 0, 0));
      Await.until("soup's last two events consumed", () -> arrivals.distinct() >= 7);
    }
    assertThat(arrivals.versionsByKey().values())
        .containsExactlyInAnyOrder(List.of(0, 2, 3), List.of(0, 1, 2, 3));
    assertThat(arrivals.duplicates()).isZero();
  }

  @Test
  void theDocumentedWiringMirrorsMealsToAnotherServicesReceivers() throws Exception {
    String url = MealDb.create(database, dir);
    String bootstrapServers = broker.bootstrapServers();
    Signals signals = Signals.create();
    Jdbi jdbi = MealDb.jdbi(url, signals);
    Set<String> seen = ConcurrentHashMap.newKeySet();
    List<String> kitchen = new CopyOnWriteArrayList<>();
    // tag::kafka-publish[]
    KafkaPublisher publisher =
        KafkaPublisher.builder(bootstrapServers).source(URI.create("/menu-service")).build();
    Outbox outbox = Outbox.builder(jdbi, signals).build();
    KafkaTarget.route(outbox, signals.postSave().signal(), Meal.class, publisher);
    outbox.start();
    // end::kafka-publish[]
    Signals kitchenSignals = Signals.create();
    // tag::kafka-receive[]
    kitchenSignals
        .postSave()
        .connect(
            Meal.class,
            e -> {
              String eventId = KafkaOrigin.of(e).orElseThrow().eventId();
              if (seen.add(eventId)) { // at least once: skip what was already handled
                kitchen.add(e.instance().getName());
              }
            });
    SignalsConsumer consumer =
        SignalsConsumer.builder(bootstrapServers, "kitchen", kitchenSignals)
            .model(Meal.class)
            .build();
    consumer.start();
    // end::kafka-receive[]
    try (publisher;
        outbox;
        consumer) {
      String soup = "docs soup on " + database;
      jdbi.onDemand(Meal.Dao.class).insert(new Meal(soup, 0));
      Await.until("the meal reached the kitchen", () -> kitchen.contains(soup));
    }
  }

  @Test
  void aTracedWritesContextReachesTheConsumingServicesReceivers() throws Exception {
    String url = MealDb.create(database, dir);
    String topic = "meals-traced-" + database;
    broker.createTopic(topic, 1);
    Signals signals = Signals.create();
    Jdbi jdbi = MealDb.jdbi(url, signals);
    Signals receiving = Signals.create();
    Map<String, Map<String, String>> traces = new ConcurrentHashMap<>();
    receiving
        .postSave()
        .connect(
            Meal.class,
            e ->
                traces.put(e.instance().getName(), KafkaOrigin.of(e).orElseThrow().traceContext()));
    String traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    ThreadLocal<String> current = new ThreadLocal<>();
    TracePropagation propagation =
        new TracePropagation() {
          @Override
          public Map<String, String> capture() {
            return current.get() == null ? Map.of() : Map.of(TRACEPARENT, current.get());
          }

          @Override
          public void restore(Map<String, String> carried, String receiver, Call delivery)
              throws Exception {
            delivery.run();
          }
        };
    try (KafkaPublisher publisher =
            KafkaPublisher.builder(broker.bootstrapServers()).topicFor(m -> topic).build();
        Outbox outbox = Outbox.builder(jdbi, signals).propagation(propagation).build();
        SignalsConsumer consumer = MealDb.consumer(broker.bootstrapServers(), topic, receiving)) {
      KafkaTarget.route(outbox, signals.postSave().signal(), Meal.class, publisher);
      consumer.start();
      current.set(traceparent);
      try {
        jdbi.onDemand(Meal.Dao.class).insert(new Meal("traced soup", 0));
      } finally {
        current.remove();
      }
      jdbi.onDemand(Meal.Dao.class).insert(new Meal("untraced bread", 0));
      assertThat(outbox.deliverDue()).isEqualTo(2);
      Await.until("both meals consumed", () -> traces.size() == 2);
    }
    assertThat(traces.get("traced soup")).isEqualTo(Map.of("traceparent", traceparent));
    assertThat(traces.get("untraced bread")).isEmpty();
  }
}
