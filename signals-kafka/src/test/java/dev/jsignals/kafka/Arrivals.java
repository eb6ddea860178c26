package dev.jsignals.kafka;

import dev.jsignals.core.Signals;
import dev.jsignals.testsupport.Meal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a consumer saw of the meals topic: every arrival in order, with the duplicates (an event id
 * seen before) counted apart. Thread-safe.
 */
final class Arrivals {
  private final Set<String> ids = new HashSet<>();
  private final Map<Long, List<Integer>> versionsByKey = new LinkedHashMap<>();
  private int duplicates;

  static Arrivals connect(Signals signals) {
    Arrivals arrivals = new Arrivals();
    signals
        .postSave()
        .connect(
            Meal.class,
            e ->
                arrivals.add(
                    KafkaOrigin.of(e).orElseThrow().eventId(),
                    e.instance().getId(),
                    e.instance().getVersion()));
    return arrivals;
  }

  synchronized void add(String eventId, long key, int version) {
    if (!ids.add(eventId)) {
      duplicates++;
      return;
    }
    versionsByKey.computeIfAbsent(key, k -> new ArrayList<>()).add(version);
  }

  synchronized int distinct() {
    return ids.size();
  }

  synchronized int duplicates() {
    return duplicates;
  }

  synchronized Map<Long, List<Integer>> versionsByKey() {
    Map<Long, List<Integer>> copy = new LinkedHashMap<>();
    versionsByKey.forEach((k, v) -> copy.put(k, List.copyOf(v)));
    return copy;
  }
}
