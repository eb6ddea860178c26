package dev.jsignals.benchmarks;

import dev.jsignals.core.Signals;
import dev.jsignals.outbox.Outbox;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
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
 * PostgreSQL only: what the outbox's {@code pg_notify} costs eight concurrent writers. Each
 * operation is one durable write as the outbox makes it: a transaction with the insert of an order
 * and the outbox's own insert statement (taken from the outbox, so it is the statement of this
 * version), {@code withNotify} as it is, {@code withoutNotify} with its {@code pg_notify} removed.
 * PostgreSQL queues a transaction's notifications at commit under one lock for the whole server,
 * held until the commit is flushed, so notifying writers commit one at a time. Throughput of the
 * eight threads together.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 4, time = 2)
@Fork(1)
@Threads(8)
public class OutboxNotifyBenchmark {
  private static final String NOTIFY = ", (SELECT pg_notify('jsignals_outbox', '')) n";

  /** The table and the two statements, shared by the writer threads. */
  @State(Scope.Benchmark)
  public static class Database {
    /** PostgreSQL's {@code synchronous_commit} for every session: {@code on} or {@code off}. */
    @Param({"on"})
    public String synchronousCommit;

    Jdbi jdbi;
    String notifying;
    String silent;
    private Path dir;

    @Setup(Level.Trial)
    public void open() throws Exception {
      dir = Files.createTempDirectory("jsignals-notify-bench");
      String url = OutboxDatabase.create("postgresql", dir, "notify", synchronousCommit);
      Signals signals = Signals.create();
      jdbi = OutboxDatabase.jdbi(url, signals);
      Outbox.builder(jdbi, signals).build().close();
      Class<?> dialect = Class.forName("dev.jsignals.outbox.Dialect");
      @SuppressWarnings({"unchecked", "rawtypes"})
      Object pg = Enum.valueOf((Class) dialect, "POSTGRESQL");
      Method insert = dialect.getDeclaredMethod("insert");
      Method sql = dialect.getDeclaredMethod("sql", String.class);
      insert.setAccessible(true);
      sql.setAccessible(true);
      notifying = (String) sql.invoke(pg, insert.invoke(pg));
      if (!notifying.contains(NOTIFY)) {
        throw new IllegalStateException(
            "the outbox's insert no longer contains " + NOTIFY + ": update this benchmark");
      }
      silent = notifying.replace(NOTIFY, "");
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
      Files.deleteIfExists(dir);
    }
  }

  /** One connection per writer thread, held as a pool would. */
  @State(Scope.Thread)
  public static class Writer {
    Handle handle;
    long next;

    @Setup(Level.Trial)
    public void open(Database database) {
      handle = database.jdbi.open();
    }

    @TearDown(Level.Trial)
    public void close() {
      handle.close();
    }
  }

  @Benchmark
  public int withNotify(Database database, Writer writer) {
    return write(writer, database.notifying);
  }

  @Benchmark
  public int withoutNotify(Database database, Writer writer) {
    return write(writer, database.silent);
  }

  private static int write(Writer writer, String outboxInsert) {
    String key = Thread.currentThread().getName() + "-" + writer.next++;
    return writer.handle.inTransaction(
        h -> {
          h.execute("INSERT INTO orders (item) VALUES ('soup')");
          return h.createUpdate(outboxInsert)
              .bind("eventId", UUID.randomUUID().toString())
              .bind("receiver", "orders.mail")
              .bind("signal", "post_save")
              .bind("model", "bench.Order")
              .bind("key", key)
              .bind("payload", "{\"id\":1,\"item\":\"soup\"}")
              .bind("trace", (String) null)
              .execute();
        });
  }
}
