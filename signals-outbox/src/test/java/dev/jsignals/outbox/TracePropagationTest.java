package dev.jsignals.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jsignals.core.Signals;
import dev.jsignals.testsupport.Meal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A write's trace context, captured on the writer's thread, is stored with its row and restored
 * around the durable receiver on the relay's thread; a write outside any trace carries none.
 */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {Db.SQLITE, Db.POSTGRESQL})
class TracePropagationTest {
  private static final String WRITE_SPAN =
      "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

  @Parameter String database;

  @TempDir Path dir;

  /** What a receiver saw: its thread, and the trace context current while it ran. */
  record Seen(String thread, Optional<String> traceparent) {}

  // tag::propagation[]
  /** A tracer of its own: the current trace context is a thread-local traceparent. */
  static final class ThreadLocalPropagation implements TracePropagation {
    static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

    @Override
    public Map<String, String> capture() {
      String current = CURRENT.get();
      return current == null ? Map.of() : Map.of(TRACEPARENT, current);
    }

    @Override
    public void restore(Map<String, String> carried, String receiver, Call delivery)
        throws Exception {
      String outer = CURRENT.get();
      CURRENT.set(carried.get(TRACEPARENT)); // null: no trace
      try {
        delivery.run();
      } finally {
        CURRENT.set(outer);
      }
    }
  }

  // end::propagation[]

  @Test
  void aWriteInsideATraceIsDeliveredInsideItOnTheRelaysThread() throws Exception {
    Signals signals = Signals.create();
    Jdbi jdbi = Db.jdbi(Db.create(database, dir), signals);
    BlockingQueue<Seen> seen = new LinkedBlockingQueue<>();
    try (Outbox outbox =
        Outbox.builder(jdbi, signals)
            .propagation(new ThreadLocalPropagation())
            .keepDelivered(Duration.ofHours(1))
            .build()) {
      outbox.postSave(Meal.class, "meals.audit", e -> seen.add(seenNow()));
      outbox.start();
      ThreadLocalPropagation.CURRENT.set(WRITE_SPAN);
      try {
        jdbi.onDemand(Meal.Dao.class).insert(new Meal("soup", 1));
      } finally {
        ThreadLocalPropagation.CURRENT.remove();
      }

      Seen delivery = seen.poll(60, TimeUnit.SECONDS);
      assertThat(delivery).as("delivered").isNotNull();
      assertThat(delivery.thread()).startsWith("jsignals-receiver-");
      assertThat(delivery.traceparent()).contains(WRITE_SPAN);
      assertThat(outbox.awaitDrained(Duration.ofSeconds(30))).isTrue();
      List<OutboxRow> rows = outbox.rows(OutboxRow.Status.DELIVERED);
      assertThat(rows).hasSize(1);
      assertThat(rows.get(0).traceContext())
          .isEqualTo(Map.of(TracePropagation.TRACEPARENT, WRITE_SPAN));
      assertThat(rows.get(0).payload())
          .as("the payload is the event alone")
          .doesNotContain("4bf92f35");
    }
  }

  @Test
  void aWriteOutsideAnyTraceCarriesNoneAndIsDeliveredInNone() throws Exception {
    Signals signals = Signals.create();
    Jdbi jdbi = Db.jdbi(Db.create(database, dir), signals);
    Map<String, Seen> seen = new ConcurrentHashMap<>();
    try (Outbox outbox =
        Outbox.builder(jdbi, signals)
            .propagation(new ThreadLocalPropagation())
            .keepDelivered(Duration.ofHours(1))
            .build()) {
      outbox.postSave(Meal.class, "meals.audit", e -> seen.put(e.instance().getName(), seenNow()));
      Meal.Dao meals = jdbi.onDemand(Meal.Dao.class);
      ThreadLocalPropagation.CURRENT.set(WRITE_SPAN);
      try {
        meals.insert(new Meal("soup", 1));
      } finally {
        ThreadLocalPropagation.CURRENT.remove();
      }
      meals.insert(new Meal("bread", 1));
      long untraced =
          jdbi.withHandle(
              h ->
                  h.createQuery("SELECT COUNT(*) FROM jsignals_outbox WHERE trace_context IS NULL")
                      .mapTo(Long.class)
                      .one());
      assertThat(untraced).as("only the traced write's row stores a trace context").isEqualTo(1L);

      // One relay, one row after the other: the untraced row comes after the traced one, and
      // inherits nothing from it.
      assertThat(outbox.deliverDue()).isEqualTo(2);
      assertThat(seen.get("soup").traceparent()).contains(WRITE_SPAN);
      assertThat(seen.get("bread").traceparent()).isEmpty();
      assertThat(outbox.rows(OutboxRow.Status.DELIVERED))
          .extracting(OutboxRow::traceContext)
          .containsExactly(Map.of(TracePropagation.TRACEPARENT, WRITE_SPAN), Map.of());
    }
  }

  @Test
  void routedTargetsReadTheContextFromTheRow() throws Exception {
    Signals signals = Signals.create();
    Jdbi jdbi = Db.jdbi(Db.create(database, dir), signals);
    BlockingQueue<Map<String, String>> forwarded = new LinkedBlockingQueue<>();
    try (Outbox outbox =
        Outbox.builder(jdbi, signals).propagation(new ThreadLocalPropagation()).build()) {
      outbox.route(
          signals.postSave().signal(),
          Meal.class,
          "meals.broker",
          row -> forwarded.add(row.traceContext()));
      ThreadLocalPropagation.CURRENT.set(WRITE_SPAN);
      try {
        jdbi.onDemand(Meal.Dao.class).insert(new Meal("soup", 1));
      } finally {
        ThreadLocalPropagation.CURRENT.remove();
      }
      assertThat(outbox.deliverDue()).isEqualTo(1);
      assertThat(forwarded.poll(30, TimeUnit.SECONDS))
          .isEqualTo(Map.of(TracePropagation.TRACEPARENT, WRITE_SPAN));
    }
  }

  @Test
  void anEarlierVersionsTableGetsTheColumnOnBuild() throws Exception {
    Signals signals = Signals.create();
    Jdbi jdbi = Db.jdbi(Db.create(database, dir), signals);
    Dialect dialect = jdbi.withHandle(Dialect::of);
    jdbi.useHandle(
        h ->
            dialect.schema().stream()
                .map(statement -> statement.replace(", trace_context TEXT", ""))
                .forEach(h::execute));
    BlockingQueue<Seen> seen = new LinkedBlockingQueue<>();
    try (Outbox outbox =
        Outbox.builder(jdbi, signals).propagation(new ThreadLocalPropagation()).build()) {
      outbox.postSave(Meal.class, "meals.audit", e -> seen.add(seenNow()));
      ThreadLocalPropagation.CURRENT.set(WRITE_SPAN);
      try {
        jdbi.onDemand(Meal.Dao.class).insert(new Meal("soup", 1));
      } finally {
        ThreadLocalPropagation.CURRENT.remove();
      }
      assertThat(outbox.deliverDue()).isEqualTo(1);
      assertThat(seen.poll(30, TimeUnit.SECONDS).traceparent()).contains(WRITE_SPAN);
    }
  }

  private static Seen seenNow() {
    return new Seen(
        Thread.currentThread().getName(),
        Optional.ofNullable(ThreadLocalPropagation.CURRENT.get()));
  }
}
