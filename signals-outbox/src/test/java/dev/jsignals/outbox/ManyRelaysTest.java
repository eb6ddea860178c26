package dev.jsignals.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jsignals.core.Signals;
import dev.jsignals.testsupport.Await;
import dev.jsignals.testsupport.Meal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Four relay processes and four writer threads on one database, writing the same keys at once: no
 * event is delivered twice, and each key's events arrive in commit order.
 */
@ParameterizedClass(name = "{0}")
@Execution(ExecutionMode.CONCURRENT) // the two databases at once
@ValueSource(strings = {Db.SQLITE, Db.POSTGRESQL})
class ManyRelaysTest {
  private static final int KEYS = 6;
  private static final int WRITERS = 4;
  private static final int WRITES_PER_WRITER = 25;

  @Parameter String database;

  @TempDir Path dir;

  @Test
  void fourRelayProcessesDeliverEachEventOnceAndEachKeyInCommitOrder() throws Exception {
    String url = Db.create(database, dir);
    Signals signals = Signals.create();
    Jdbi jdbi = Db.jdbi(url, signals);
    try (Outbox outbox = Outbox.builder(jdbi, signals).build();
        Relays relays = new Relays(dir)) {
      outbox.postSave(Meal.class, "items.audit", e -> {});
      List<Long> keys = new ArrayList<>();
      for (int k = 0; k < KEYS; k++) {
        Meal item = new Meal("item" + k, 0);
        jdbi.onDemand(Meal.Dao.class).insert(item);
        keys.add(item.getId());
      }
      for (int r = 0; r < 4; r++) {
        relays.start(url, "relay" + r, 30_000, 5, 0);
      }

      ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
      try {
        List<Future<?>> writers = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
          int writer = w;
          writers.add(
              pool.submit(
                  () -> {
                    for (int i = 0; i < WRITES_PER_WRITER; i++) {
                      bump(jdbi, keys.get((writer + i) % KEYS));
                    }
                    return null;
                  }));
        }
        for (Future<?> writer : writers) {
          writer.get(120, TimeUnit.SECONDS);
        }
      } finally {
        pool.shutdown();
      }
      int events = KEYS + WRITERS * WRITES_PER_WRITER;
      assertThat(Await.until(() -> delivered(jdbi) >= events, Duration.ofSeconds(120)))
          .as("all %d events delivered", events)
          .isTrue();
      assertThat(Await.until(() -> outbox.status().pending() == 0, Duration.ofSeconds(60)))
          .isTrue();

      List<Map<String, Object>> rows =
          jdbi.withHandle(
              h ->
                  h.select("SELECT event_id, item_key, version, relay FROM deliveries ORDER BY id")
                      .mapToMap()
                      .list());
      assertThat(rows).hasSize(events);
      assertThat(rows.stream().map(r -> r.get("event_id")).distinct()).hasSize(events);
      Map<String, List<Integer>> perKey = new LinkedHashMap<>();
      for (Map<String, Object> row : rows) {
        perKey
            .computeIfAbsent(String.valueOf(row.get("item_key")), k -> new ArrayList<>())
            .add(((Number) row.get("version")).intValue());
      }
      assertThat(perKey).hasSize(KEYS);
      perKey.forEach(
          (key, versions) -> {
            for (int i = 0; i < versions.size(); i++) {
              assertThat(versions.get(i)).as("key %s, event %d", key, i).isEqualTo(i);
            }
          });
      assertThat(rows.stream().map(r -> r.get("relay")).distinct().count())
          .as("the work was shared")
          .isGreaterThan(1);
    }
  }

  /** Increments an item's version in a transaction that locks its row: commit order = versions. */
  private static void bump(Jdbi jdbi, long id) {
    String lock = jdbi.withHandle(h -> Dialect.of(h)) == Dialect.POSTGRESQL ? " FOR UPDATE" : "";
    jdbi.useTransaction(
        h -> {
          int version =
              h.select("SELECT version FROM meals WHERE id = ?" + lock, id)
                  .mapTo(Integer.class)
                  .one();
          Meal item = new Meal("item", version + 1);
          item.setId(id);
          h.attach(Meal.Dao.class).update(item);
        });
  }

  static long delivered(Jdbi jdbi) {
    return jdbi.withHandle(
        h -> h.select("SELECT COUNT(*) FROM deliveries").mapTo(Long.class).one());
  }
}
