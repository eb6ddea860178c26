package dev.jsignals.benchmarks;

import dev.jsignals.benchmarks.OutboxDatabase.Order;
import dev.jsignals.benchmarks.OutboxDatabase.OrderDao;
import dev.jsignals.core.Signals;
import dev.jsignals.outbox.Outbox;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Handle;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * PostgreSQL only: what waking other instances' relays costs eight concurrent writers. Each
 * operation is one durable write through the public API (the annotated insert of an order with one
 * durable receiver, its outbox row in the same transaction; no relay runs), with {@code wakeOthers}
 * on (the default: a {@code NOTIFY} after the commit, from the outbox's own thread) and off.
 * Throughput of the eight threads together.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 4, time = 2)
@Fork(1)
@Threads(8)
public class OutboxNotifyBenchmark {

  /** The database and the outbox, shared by the writer threads. */
  @State(Scope.Benchmark)
  public static class Database {
    /** PostgreSQL's {@code synchronous_commit} for every session: {@code on} or {@code off}. */
    @Param({"on"})
    public String synchronousCommit;

    /** {@link dev.jsignals.outbox.OutboxBuilder#wakeOthers(boolean)}. */
    @Param({"true", "false"})
    public boolean wakeOthers;

    Jdbi jdbi;
    private Outbox outbox;
    private Path dir;

    @Setup(Level.Trial)
    public void open() throws IOException {
      dir = Files.createTempDirectory("jsignals-notify-bench");
      String url = OutboxDatabase.create("postgresql", dir, "notify", synchronousCommit);
      Signals signals = Signals.create();
      jdbi = OutboxDatabase.jdbi(url, signals);
      outbox = Outbox.builder(jdbi, signals).wakeOthers(wakeOthers).build();
      outbox.postSave(Order.class, "orders.mail", e -> {});
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
      outbox.close();
      Files.deleteIfExists(dir);
    }
  }

  /** One connection per writer thread, held as a pool would. */
  @State(Scope.Thread)
  public static class Writer {
    Handle handle;
    OrderDao orders;
    long next;

    @Setup(Level.Trial)
    public void open(Database database) {
      handle = database.jdbi.open();
      orders = handle.attach(OrderDao.class);
    }

    @TearDown(Level.Trial)
    public void close() {
      handle.close();
    }
  }

  /** One durable write: the order and its outbox row in one transaction. */
  @Benchmark
  public long durableWrite(Writer writer) {
    return writer.orders.insert(new Order("soup" + writer.next++));
  }
}
