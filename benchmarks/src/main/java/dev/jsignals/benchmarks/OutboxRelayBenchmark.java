package dev.jsignals.benchmarks;

import dev.jsignals.benchmarks.OutboxDatabase.Order;
import dev.jsignals.benchmarks.OutboxDatabase.OrderDao;
import dev.jsignals.core.Signals;
import dev.jsignals.outbox.Outbox;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jdbi.v3.core.Jdbi;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Relay throughput: {@value #EVENTS} committed outbox rows (each its own key) drained by one relay
 * or by four competing relays (four outboxes, as four processes would be, each claiming in its own
 * thread). Events per second = {@value #EVENTS} / the time of one drain.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(1)
@State(Scope.Benchmark)
public class OutboxRelayBenchmark {
  static final int EVENTS = 500;

  /** {@code sqlite}, or {@code postgresql} for the server of {@code JSIGNALS_POSTGRES_URL}. */
  @Param({"sqlite", "postgresql"})
  public String database;

  /** How many relays compete for the rows. */
  @Param({"1", "4"})
  public int relays;

  private Path dir;
  private Jdbi writer;
  private Outbox writerOutbox;
  private final List<Outbox> outboxes = new ArrayList<>();
  private final AtomicLong delivered = new AtomicLong();

  @Setup(Level.Trial)
  public void open() throws IOException {
    dir = Files.createTempDirectory("jsignals-relay-bench");
    String url = OutboxDatabase.create(database, dir, "relay");
    Signals signals = Signals.create();
    writer = OutboxDatabase.jdbi(url, signals);
    writerOutbox = Outbox.builder(writer, signals).build();
    writerOutbox.postSave(Order.class, "orders.mail", e -> {});
    for (int r = 0; r < relays; r++) {
      Signals own = Signals.create();
      Outbox outbox =
          Outbox.builder(OutboxDatabase.jdbi(url, own), own)
              .owner("relay" + r)
              .batchSize(50)
              .build();
      outbox.postSave(Order.class, "orders.mail", e -> delivered.incrementAndGet());
      outboxes.add(outbox);
    }
  }

  /** Commits the rows to drain, in one transaction, and resets the count. */
  @Setup(Level.Invocation)
  public void write() {
    writer.useTransaction(
        h -> {
          OrderDao orders = h.attach(OrderDao.class);
          for (int i = 0; i < EVENTS; i++) {
            orders.insert(new Order("soup"));
          }
        });
    delivered.set(0);
  }

  @TearDown(Level.Trial)
  public void close() throws IOException {
    outboxes.forEach(Outbox::close);
    writerOutbox.close();
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /** Drains the rows with the relays, each in its own thread. */
  @Benchmark
  public long drain() throws InterruptedException {
    List<Thread> threads = new ArrayList<>();
    for (Outbox outbox : outboxes) {
      Thread thread =
          new Thread(
              () -> {
                while (delivered.get() < EVENTS) {
                  outbox.deliverDue();
                }
              });
      threads.add(thread);
      thread.start();
    }
    for (Thread thread : threads) {
      thread.join();
    }
    return delivered.get();
  }
}
