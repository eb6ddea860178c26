package dev.jsignals.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The writes of {@link OutboxWriteBenchmark} and {@link ModulithWriteBenchmark} on PostgreSQL,
 * measured interleaved (a main, not JMH): each round makes one write of each kind, in an order that
 * turns from round to round, so that every kind meets the same load. On a busy machine, where the
 * load changes from one JMH benchmark to the next, only figures taken side by side compare. Prints
 * the median, p90 and mean of each, in microseconds, and the ratios of issue 27's targets.
 *
 * <p>Arguments, both optional: rounds measured (default 3000), rounds of warm-up before (1000).
 * Needs {@code JSIGNALS_POSTGRES_URL}.
 */
public final class InterleavedWrites {
  private InterleavedWrites() {}

  /**
   * Runs the measurement.
   *
   * @param args rounds measured, rounds of warm-up
   * @throws Exception if a write fails
   */
  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
    int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
    OutboxWriteBenchmark outbox = new OutboxWriteBenchmark();
    outbox.database = "postgresql";
    outbox.open();
    ModulithWriteBenchmark modulith = new ModulithWriteBenchmark();
    modulith.open();
    try {
      Map<String, Callable<Long>> writes = new LinkedHashMap<>();
      writes.put("a", outbox::a_insertNoReceiver);
      writes.put("c0", outbox::c0_insertOneDurableReceiverRowAtOnce);
      writes.put("c", outbox::c_insertOneDurableReceiver);
      writes.put("e", outbox::e_insertAndSecondRow);
      writes.put("f", outbox::f_bothRowsInOneRoundTrip);
      writes.put("g", modulith::g_modulithOrderAndPublication);
      writes.put("c0x5", () -> outbox.fiveInOneTransaction(false));
      writes.put("cx5", () -> outbox.fiveInOneTransaction(true));
      List<String> names = new ArrayList<>(writes.keySet());
      long[][] nanos = new long[names.size()][rounds];
      for (int round = -warmup; round < rounds; round++) {
        for (int k = 0; k < names.size(); k++) {
          int which = Math.floorMod(k + round, names.size());
          Callable<Long> write = writes.get(names.get(which));
          long start = System.nanoTime();
          write.call();
          long took = System.nanoTime() - start;
          if (round >= 0) {
            nanos[which][round] = took;
          }
        }
      }
      Map<String, Double> medians = new LinkedHashMap<>();
      for (int w = 0; w < names.size(); w++) {
        long[] sorted = nanos[w].clone();
        Arrays.sort(sorted);
        double median = sorted[rounds / 2] / 1e3;
        medians.put(names.get(w), median);
        System.out.printf(
            "%-4s median %8.1f us  p90 %8.1f us  mean %8.1f us%n",
            names.get(w),
            median,
            sorted[rounds * 9 / 10] / 1e3,
            Arrays.stream(sorted).average().orElse(0) / 1e3);
      }
      for (String[] ratio :
          new String[][] {
            {"c", "e"}, {"c", "f"}, {"c", "g"}, {"c", "c0"}, {"c0", "e"}, {"cx5", "c0x5"}
          }) {
        System.out.printf(
            "%s / %s = %.2f (medians)%n",
            ratio[0], ratio[1], medians.get(ratio[0]) / medians.get(ratio[1]));
      }
    } finally {
      modulith.close();
      outbox.close();
    }
  }
}
