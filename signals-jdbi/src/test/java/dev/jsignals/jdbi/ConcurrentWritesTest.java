package dev.jsignals.jdbi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jsignals.core.Signals;
import dev.jsignals.jdbi.FoodSchema.Profile;
import dev.jsignals.jdbi.FoodSchema.ProfileDao;
import dev.jsignals.jdbi.FoodSchema.User;
import dev.jsignals.jdbi.FoodSchema.UserDao;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/** Several threads writing one database through signals: all succeed, nothing half-written. */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {TestDatabase.SQLITE, TestDatabase.POSTGRESQL})
class ConcurrentWritesTest {
  @Parameter String database;

  @TempDir Path dir;

  @Test
  void eightThreadsSavingAtOnceAllSucceedWithTheirProfiles() throws Exception {
    Signals signals = Signals.create();
    Jdbi jdbi = TestDatabase.create(database, dir).open(signals);
    signals
        .postSave()
        .connect(
            User.class,
            e -> {
              if (e.created()) {
                e.attach(ProfileDao.class)
                    .insert(new Profile(0, e.instance().getId(), "default.jpg"));
              }
            });
    int threads = 8;
    int perThread = 25;
    CyclicBarrier start = new CyclicBarrier(threads);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        results.add(
            pool.submit(
                () -> {
                  UserDao users = jdbi.onDemand(UserDao.class);
                  start.await(30, TimeUnit.SECONDS);
                  for (int i = 0; i < perThread; i++) {
                    users.insert(new User("u" + thread + "-" + i, "u@example.com"));
                  }
                  return perThread;
                }));
      }
      int saved = 0;
      for (Future<Integer> result : results) {
        saved += result.get(120, TimeUnit.SECONDS);
      }

      assertThat(saved).isEqualTo(threads * perThread);
      assertThat(jdbi.onDemand(UserDao.class).count()).isEqualTo(threads * perThread);
      assertThat(jdbi.onDemand(ProfileDao.class).count()).isEqualTo(threads * perThread);
    } finally {
      pool.shutdownNow();
    }
  }
}
