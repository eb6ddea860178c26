package dev.jsignals.kafka;

import dev.jsignals.core.Signals;
import dev.jsignals.outbox.Outbox;
import dev.jsignals.testsupport.Meal;
import dev.jsignals.testsupport.TestBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import org.jdbi.v3.core.Jdbi;

/**
 * The load benchmark of docs/benchmarks.md (not a test): in one run, the outbox's in-process
 * delivery and its delivery to a real broker and on to a {@link SignalsConsumer}. For each: the
 * events per second of a relay draining rows written beforehand, and the latency from the start of
 * a write (its commit included) to its delivery (p50, p99) for writes made back to back while the
 * relay runs. Arguments: events to drain (default 5000) and events to time (default 1000).
 */
public final class KafkaLoad {
  private static final int KEYS = 20;

  private KafkaLoad() {}

  public static void main(String[] args) throws Exception {
    int drain = args.length > 0 ? Integer.parseInt(args[0]) : 5_000;
    int timed = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
    try (TestBroker broker = TestBroker.start()) {
      broker.createTopic(OutboxToKafkaTest.TOPIC, 4);
      System.out.println("target            events/s   p50 ms   p99 ms");
      run("in-process", drain, timed, broker, false);
      run("kafka", drain, timed, broker, true);
    }
  }

  private static void run(String name, int drain, int timed, TestBroker broker, boolean kafka)
      throws Exception {
    Path dir = Files.createTempDirectory("kafka-load");
    String url = MealDb.create(MealDb.SQLITE, dir);
    Signals signals = Signals.create();
    Jdbi jdbi = MealDb.jdbi(url, signals);
    Map<String, Long> committed = new ConcurrentHashMap<>();
    List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger delivered = new AtomicInteger();
    BiConsumer<Meal, Long> arrived =
        (meal, now) -> {
          Long at = committed.get(meal.getId() + ":" + meal.getVersion());
          if (at != null) {
            latencies.add(now - at);
          }
          delivered.incrementAndGet();
        };
    Signals receiving = Signals.create();
    receiving.postSave().connect(Meal.class, e -> arrived.accept(e.instance(), System.nanoTime()));
    try (KafkaPublisher publisher = KafkaPublisher.builder(broker.bootstrapServers()).build();
        Outbox outbox = Outbox.builder(jdbi, signals).relayThreads(2).build();
        SignalsConsumer consumer =
            SignalsConsumer.builder(broker.bootstrapServers(), "load-" + name, receiving)
                .model(Meal.class)
                .build()) {
      if (kafka) {
        KafkaTarget.route(outbox, signals.postSave().signal(), Meal.class, publisher);
        consumer.start();
      } else {
        outbox.postSave(Meal.class, "load", e -> arrived.accept(e.instance(), System.nanoTime()));
      }
      Meal.Dao meals = jdbi.onDemand(Meal.Dao.class);
      List<Meal> all = MealDb.insert(jdbi, KEYS);
      for (int i = KEYS; i < drain; i++) {
        update(meals, all.get(i % KEYS), null);
      }
      long start = System.nanoTime();
      outbox.start();
      await(() -> delivered.get() >= drain);
      double perSecond = drain / ((System.nanoTime() - start) / 1e9);
      for (int i = 0; i < timed; i++) {
        update(meals, all.get(i % KEYS), committed);
      }
      await(() -> delivered.get() >= drain + timed);
      List<Long> sorted = new ArrayList<>(latencies);
      Collections.sort(sorted);
      System.out.printf(
          "%-16s %9.0f %8.1f %8.1f%n",
          name, perSecond, percentile(sorted, 50), percentile(sorted, 99));
    }
  }

  private static void update(
      Meal.Dao meals, Meal meal, @org.jspecify.annotations.Nullable Map<String, Long> committed) {
    meal.setVersion(meal.getVersion() + 1);
    if (committed != null) {
      // Taken as the write starts: an in-process relay may deliver before update() returns.
      committed.put(meal.getId() + ":" + meal.getVersion(), System.nanoTime());
    }
    meals.update(meal);
  }

  private static double percentile(List<Long> sorted, int p) {
    int index = Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1);
    return sorted.get(Math.max(index, 0)) / 1e6;
  }

  private static void await(java.util.function.BooleanSupplier done) throws InterruptedException {
    long deadline = System.nanoTime() + 600_000_000_000L;
    while (!done.getAsBoolean() && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    if (!done.getAsBoolean()) {
      throw new IllegalStateException("not delivered within 10 minutes");
    }
  }
}
