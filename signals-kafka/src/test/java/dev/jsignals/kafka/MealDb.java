package dev.jsignals.kafka;

import dev.jsignals.core.Signals;
import dev.jsignals.testsupport.Databases;
import dev.jsignals.testsupport.Meal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/**
 * The relay-to-Kafka suites' {@link Meal} table on the databases of {@link Databases}: a SQLite
 * file, or a PostgreSQL schema of its own per test; the meals they write, and their consumer.
 */
final class MealDb {
  static final String SQLITE = Databases.SQLITE;
  static final String POSTGRESQL = Databases.POSTGRESQL;

  private MealDb() {}

  /** Creates an empty database of the kind with the meals table; returns its URL. */
  static String create(String kind, Path dir) {
    return Meal.createDatabase(kind, dir, "meals.db", "k_");
  }

  /** A Jdbi on the database whose annotated writes send through {@code signals}. */
  static Jdbi jdbi(String url, Signals signals) {
    return Databases.jdbi(url, signals);
  }

  /** Inserts the meals {@code meal-0} to {@code meal-(keys - 1)} at version 0; returns them. */
  static List<Meal> insert(Jdbi jdbi, int keys) {
    Meal.Dao dao = jdbi.onDemand(Meal.Dao.class);
    List<Meal> meals = new ArrayList<>();
    for (int k = 0; k < keys; k++) {
      Meal meal = new Meal("meal-" + k, 0);
      dao.insert(meal);
      meals.add(meal);
    }
    return meals;
  }

  /**
   * Writes the updates {@code from} to {@code to - 1}, the i-th raising the version of meal {@code
   * i % meals.size()}, in transactions of {@code perTransaction} updates.
   */
  static void update(Jdbi jdbi, List<Meal> meals, int from, int to, int perTransaction) {
    for (int first = from; first < to; first += perTransaction) {
      int start = first;
      jdbi.useTransaction(
          h -> {
            Meal.Dao dao = h.attach(Meal.Dao.class);
            for (int i = start; i < Math.min(start + perTransaction, to); i++) {
              Meal meal = meals.get(i % meals.size());
              meal.setVersion(meal.getVersion() + 1);
              dao.update(meal);
            }
          });
    }
  }

  /**
   * A consumer of the meals' topic, in a consumer group named for it, sending to {@code signals}.
   */
  static SignalsConsumer consumer(String bootstrapServers, String topic, Signals signals) {
    return SignalsConsumer.builder(bootstrapServers, topic, signals)
        .model(Meal.class)
        .topic(topic)
        .build();
  }
}
