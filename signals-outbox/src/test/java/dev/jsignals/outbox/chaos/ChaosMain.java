package dev.jsignals.outbox.chaos;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Long fault-injection runs, one seed after another, until a time budget is spent; prints each
 * run's report, and the replay command of any run with a violation. Exit 1 if one had.
 *
 * <p>run's report, and the replay command of any run with a violation. Exit 1 if one had. Every
 * fault class runs, but on SQLite {@link ChaosRunTest#LEFT_OUT_ON_SQLITE} (clock skew: SQLite reads
 * the clock of each relay's process).
 *
 * <p>Arguments: {@code minutes [postgresUrl|sqlite] [firstSeed] [operationsPerRun]}.
 */
public final class ChaosMain {
  private ChaosMain() {}

  /**
   * Runs seeds until the budget is spent.
   *
   * @param args see the class comment
   * @throws Exception if a run cannot start
   */
  public static void main(String[] args) throws Exception {
    Duration budget = Duration.ofMinutes(Long.parseLong(args[0]));
    String postgres = args.length > 1 && !args[1].equals("sqlite") ? args[1] : null;
    long seed =
        args.length > 2 ? Long.parseLong(args[2]) : new SplittableRandom().nextLong(1, 1L << 40);
    int operations = args.length > 3 ? Integer.parseInt(args[3]) : 300;
    long end = System.nanoTime() + budget.toNanos();
    int failed = 0;
    Path root = Files.createTempDirectory("chaos");
    while (end - System.nanoTime() > 0) {
      Duration left = Duration.ofNanos(end - System.nanoTime());
      ChaosRun run =
          new ChaosRun(
              seed,
              postgres,
              root.resolve("seed-" + seed),
              operations,
              3,
              Duration.ofSeconds(2),
              Schedule.allBut(postgres == null ? ChaosRunTest.LEFT_OUT_ON_SQLITE : Set.of()),
              left.compareTo(Duration.ofMinutes(2)) < 0 ? Duration.ofMinutes(2) : left);
      ChaosRun.Outcome outcome = run.execute();
      System.out.println(outcome.report());
      if (!outcome.verdict().ok()) {
        failed++;
        outcome.verdict().violations().forEach(v -> System.out.println("  violation: " + v));
        System.out.println("  replay: " + run.replay());
      }
      seed++;
    }
    System.out.println("histories under " + root + "; runs with violations: " + failed);
    System.exit(failed == 0 ? 0 : 1);
  }
}
