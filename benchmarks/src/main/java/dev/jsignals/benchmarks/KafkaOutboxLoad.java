package dev.jsignals.benchmarks;

import dev.jsignals.core.Signals;
import dev.jsignals.kafka.KafkaPublisher;
import dev.jsignals.kafka.KafkaTarget;
import dev.jsignals.kafka.ModelEventCodec;
import dev.jsignals.kafka.OutboundEvent;
import dev.jsignals.kafka.PublishResult;
import dev.jsignals.kafka.SignalsConsumer;
import dev.jsignals.outbox.Outbox;
import dev.jsignals.testsupport.Databases;
import dev.jsignals.testsupport.Meal;
import dev.jsignals.testsupport.TestBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.jdbi.v3.core.Jdbi;

/**
 * The outbox-to-Kafka measurement of docs/benchmarks.md (a main, not JMH: it reports a latency
 * distribution at a fixed write rate). Starts the test kit's in-process one-node KRaft broker, then
 * per database (SQLite, and PostgreSQL when {@code JSIGNALS_POSTGRES_URL} is set):
 *
 * <ol>
 *   <li><b>drain</b>: rows of 20 keys written beforehand, then one outbox started with a {@link
 *       KafkaTarget} route: events per second until every row is acknowledged by the broker and
 *       completed;
 *   <li><b>commit to consume</b>: writes of one row each, one transaction each, paced at a fixed
 *       rate while the relay and a {@link SignalsConsumer} run: from the start of the write (its
 *       commit included) to the consumer's receiver, p50, p99 and max, after one second of writes
 *       at the same rate that are not timed (the first records to a new topic wait for its
 *       metadata);
 *   <li><b>floor</b>: the same writes at the same rate without an outbox, each published by the
 *       writing thread as its transaction commits (same publisher settings, acknowledgement
 *       awaited) and read by the same consumer: what the broker and the consumer cost alone.
 * </ol>
 *
 * <p>Arguments, all optional: rows to drain (default 20000), writes per second (200), seconds of
 * writes (10), the outbox's batch size (500), relay threads (2).
 */
public final class KafkaOutboxLoad {
  private static final int KEYS = 20;

  private KafkaOutboxLoad() {}

  /**
   * Runs the measurement and prints one line per database.
   *
   * @param args rows to drain, writes per second, seconds, batch size, relay threads
   * @throws Exception if the broker or a database cannot be set up
   */
  public static void main(String[] args) throws Exception {
    int drain = arg(args, 0, 20_000);
    int rate = arg(args, 1, 200);
    int seconds = arg(args, 2, 10);
    int batch = arg(args, 3, 500);
    int threads = arg(args, 4, 2);
    List<String> kinds = new ArrayList<>(List.of(Databases.SQLITE));
    if (System.getenv("JSIGNALS_POSTGRES_URL") != null) {
      kinds.add(Databases.POSTGRESQL);
    }
    try (TestBroker broker = TestBroker.start()) {
      System.out.printf(
          "batchSize %d, relayThreads %d, %d keys; latency at %d writes/s for %d s%n",
          batch, threads, KEYS, rate, seconds);
      System.out.println("database     drain ev/s   p50 ms   p99 ms   max ms");
      for (String kind : kinds) {
        run(broker, kind, drain, rate, seconds, batch, threads);
      }
    }
  }

  private static void run(
      TestBroker broker, String kind, int drain, int rate, int seconds, int batch, int threads)
      throws Exception {
    // The drained rows go to a topic of their own: the consumer reads only the timed writes.
    String drained = "load-drain-" + kind;
    String timed = "load-timed-" + kind;
    broker.createTopic(drained, 4);
    broker.createTopic(timed, 4);
    AtomicReference<String> topic = new AtomicReference<>(drained);
    Path dir = Files.createTempDirectory("jsignals-kafka-load");
    Signals signals = Signals.create();
    Jdbi jdbi = Databases.jdbi(Meal.createDatabase(kind, dir, "load.db", "kl_"), signals);
    Clock clock = new Clock();
    Signals receiving = clock.receiving();
    try (KafkaPublisher publisher =
            KafkaPublisher.builder(broker.bootstrapServers()).topicFor(m -> topic.get()).build();
        Outbox outbox =
            Outbox.builder(jdbi, signals).batchSize(batch).relayThreads(threads).build();
        SignalsConsumer consumer =
            SignalsConsumer.builder(broker.bootstrapServers(), "load-" + kind, receiving)
                .model(Meal.class)
                .topic(timed)
                .build()) {
      KafkaTarget.route(outbox, signals.postSave().signal(), Meal.class, publisher);
      Meal.Dao meals = jdbi.onDemand(Meal.Dao.class);
      List<Meal> all = new ArrayList<>();
      for (int k = 0; k < KEYS; k++) {
        Meal meal = new Meal("meal-" + k, 0);
        meals.insert(meal);
        all.add(meal);
      }
      for (int first = KEYS; first < drain; first += 500) {
        int from = first;
        jdbi.useTransaction(
            h -> {
              Meal.Dao dao = h.attach(Meal.Dao.class);
              for (int i = from; i < Math.min(drain, from + 500); i++) {
                Meal meal = all.get(i % KEYS);
                meal.setVersion(meal.getVersion() + 1);
                dao.update(meal);
              }
            });
      }
      long start = System.nanoTime();
      outbox.start();
      if (!outbox.awaitDrained(Duration.ofMinutes(10))) {
        throw new IllegalStateException(
            kind + ": the drain did not end in 10 minutes: " + outbox.status());
      }
      double perSecond = drain / ((System.nanoTime() - start) / 1e9);
      topic.set(timed);
      consumer.start();
      int writes = rate * seconds;
      List<Long> sorted = clock.writeAtRate(meals, all, rate, seconds);
      System.out.printf(
          "%-12s %10.0f %8.1f %8.1f %8.1f%s%n",
          kind,
          perSecond,
          percentile(sorted, 50),
          percentile(sorted, 99),
          percentile(sorted, 100),
          sorted.size() < writes
              ? "  (only " + sorted.size() + " of " + writes + " consumed)"
              : "");
    }
    floor(broker, kind, dir, rate, seconds);
  }

  /**
   * The floor of commit to consume: the same writes at the same rate, each published by the writing
   * thread once its transaction committed (an in-process receiver's commit hook, the same publisher
   * and its settings, acknowledgement awaited), no outbox; consumed by the same consumer.
   */
  private static void floor(TestBroker broker, String kind, Path dir, int rate, int seconds)
      throws Exception {
    String topic = "load-floor-" + kind;
    broker.createTopic(topic, 4);
    Signals signals = Signals.create();
    Jdbi jdbi = Databases.jdbi(Meal.createDatabase(kind, dir, "floor.db", "kf_"), signals);
    Clock clock = new Clock();
    Signals receiving = clock.receiving();
    ModelEventCodec codec = ModelEventCodec.create();
    try (KafkaPublisher publisher =
            KafkaPublisher.builder(broker.bootstrapServers()).topicFor(m -> topic).build();
        SignalsConsumer consumer =
            SignalsConsumer.builder(broker.bootstrapServers(), "floor-" + kind, receiving)
                .model(Meal.class)
                .topic(topic)
                .build()) {
      signals
          .postSave()
          .connect(
              Meal.class,
              e ->
                  e.onCommit(
                      () -> {
                        OutboundEvent event =
                            OutboundEvent.of(
                                UUID.randomUUID().toString(), e, e.instance().getId(), codec);
                        PublishResult result = publisher.publish(List.of(event));
                        if (!result.failed().isEmpty()) {
                          throw new IllegalStateException("floor publish failed: " + result);
                        }
                      }));
      Meal.Dao meals = jdbi.onDemand(Meal.Dao.class);
      List<Meal> all = new ArrayList<>();
      for (int k = 0; k < KEYS; k++) {
        Meal meal = new Meal("meal-" + k, 0);
        meals.insert(meal);
        all.add(meal);
      }
      consumer.start();
      List<Long> sorted = clock.writeAtRate(meals, all, rate, seconds);
      System.out.printf(
          "%-12s %10s %8.1f %8.1f %8.1f  (floor: no outbox, published at commit)%n",
          kind, "-", percentile(sorted, 50), percentile(sorted, 99), percentile(sorted, 100));
    }
  }

  /**
   * Commit-to-consume times: each write's start, taken as the write starts (a relay may publish
   * before the update returns), and the time from it to the consumer's receipt.
   */
  private static final class Clock {
    private final Map<String, Long> started = new ConcurrentHashMap<>();
    private final Map<String, Boolean> warming = new ConcurrentHashMap<>();
    private final List<Long> latencies = Collections.synchronizedList(new ArrayList<>());

    /** The consumer's signals: a receiver that ends the clock of each write it receives. */
    Signals receiving() {
      Signals receiving = Signals.create();
      receiving
          .postSave()
          .connect(
              Meal.class,
              e -> {
                long now = System.nanoTime();
                String write = e.instance().getId() + ":" + e.instance().getVersion();
                warming.remove(write);
                Long at = started.remove(write);
                if (at != null) {
                  latencies.add(now - at);
                }
              });
      return receiving;
    }

    /**
     * Updates the meals in turn at {@code rate} writes a second for {@code seconds}, once the
     * consumer had time to join its group and one second of writes at that rate, not timed, was
     * consumed (the first records to a topic wait for the producer's metadata of it and the
     * consumer's first fetch: up to a quarter of a second, for the first 60 writes of one run);
     * then waits (at most 5 minutes) until every write was consumed.
     *
     * @return the latencies in nanoseconds, sorted
     */
    List<Long> writeAtRate(Meal.Dao meals, List<Meal> all, int rate, int seconds)
        throws InterruptedException {
      TimeUnit.SECONDS.sleep(3);
      long interval = 1_000_000_000L / rate;
      long next = System.nanoTime();
      for (int i = 0; i < rate; i++) {
        LockSupport.parkNanos(next - System.nanoTime());
        next += interval;
        Meal meal = all.get(i % KEYS);
        meal.setVersion(meal.getVersion() + 1);
        warming.put(meal.getId() + ":" + meal.getVersion(), true);
        meals.update(meal);
      }
      long warmed = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
      while (!warming.isEmpty() && System.nanoTime() < warmed) {
        TimeUnit.MILLISECONDS.sleep(5);
      }
      if (!warming.isEmpty()) {
        throw new IllegalStateException(warming.size() + " warm-up writes not consumed in 1 min");
      }
      next = System.nanoTime();
      int writes = rate * seconds;
      for (int i = 0; i < writes; i++) {
        LockSupport.parkNanos(next - System.nanoTime());
        next += interval;
        Meal meal = all.get(i % KEYS);
        meal.setVersion(meal.getVersion() + 1);
        started.put(meal.getId() + ":" + meal.getVersion(), System.nanoTime());
        meals.update(meal);
      }
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
      while (latencies.size() < writes && System.nanoTime() < deadline) {
        TimeUnit.MILLISECONDS.sleep(5);
      }
      List<Long> sorted = new ArrayList<>(latencies);
      Collections.sort(sorted);
      return sorted;
    }
  }

  private static int arg(String[] args, int index, int fallback) {
    return args.length > index ? Integer.parseInt(args[index]) : fallback;
  }

  private static double percentile(List<Long> sorted, int p) {
    if (sorted.isEmpty()) {
      return Double.NaN;
    }
    int index = Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1);
    return sorted.get(Math.max(index, 0)) / 1e6;
  }
}
