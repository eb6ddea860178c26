package dev.jsignals.outbox.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jsignals.outbox.chaos.Schedule.Fault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fault-injection run, on a short budget: writers, three relay processes, operator actions and
 * every fault class, from one seed; the checker finds no violation in the histories and the final
 * table. A failure prints the seed and the command that replays its schedule ({@code -Dchaos.seed},
 * {@code -Dchaos.operations}, {@code -Dchaos.faults}; {@code -Dchaos.dir} keeps the histories
 * there). Long runs: {@link ChaosMain}.
 */
@ParameterizedClass(name = "{0}")
@Execution(ExecutionMode.CONCURRENT) // the two databases at once
@ValueSource(strings = {"SQLite", "PostgreSQL"})
class ChaosRunTest {
  /**
   * Fault classes the CI budget leaves out on SQLite: {@code SKEW}. SQLite has no clock of its own
   * (it reads the shifted clock of the relay's process), so there a relay whose clock runs ahead
   * takes over live leases by design: the processes of one SQLite database share one machine and
   * one clock. PostgreSQL runs every class. {@code -Dchaos.faults} names the classes of a run.
   */
  static final Set<Fault> LEFT_OUT_ON_SQLITE = EnumSet.of(Fault.SKEW);

  @Parameter String database;

  @TempDir Path dir;

  @Test
  void theHistoriesOfASeededRunWithEveryFaultKeepTheOutboxPromises() throws Exception {
    String postgres = null;
    if (database.equals("PostgreSQL")) {
      postgres = System.getenv("JSIGNALS_POSTGRES_URL");
      assumeTrue(postgres != null, "set JSIGNALS_POSTGRES_URL to run the PostgreSQL half");
    }
    long seed = Long.getLong("chaos.seed", database.equals("SQLite") ? 2601 : 2602);
    String named = System.getProperty("chaos.faults");
    Set<Fault> faults =
        named == null || named.isBlank()
            ? Schedule.allBut(database.equals("SQLite") ? LEFT_OUT_ON_SQLITE : Set.of())
            : Arrays.stream(named.split(","))
                .map(String::trim)
                .map(Fault::valueOf)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(Fault.class)));
    ChaosRun run =
        new ChaosRun(
            seed,
            postgres,
            System.getProperty("chaos.dir") == null
                ? dir
                : Path.of(System.getProperty("chaos.dir"), database + "-" + seed),
            Integer.getInteger("chaos.operations", 30),
            3,
            Duration.ofSeconds(2),
            faults,
            Duration.ofSeconds(90));

    ChaosRun.Outcome outcome = run.execute();

    System.out.println(outcome.report());
    assertThat(outcome.verdict().violations())
        .as("violations of seed %d; replay with: %s", seed, run.replay())
        .isEmpty();
    assertThat(outcome.verdict().deliveries()).as("the run delivered events").isPositive();
  }
}
