package dev.jsignals.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jsignals.testsupport.ChildJvm;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The clock-skew fault of the suites shifts a child JVM's wall clock only: its monotonic clock is
 * the machine's (the histories of every process are ordered by it), and its timed waits last as
 * long as asked (a JVM whose waits return at once spins on them and starves every other process).
 */
class SkewedClockTest {
  @Test
  void aChildJvmUnderTheSkewedClockIsAMinuteAheadAndStillWaitsAsAsked() throws Exception {
    Optional<Map<String, String>> skewed = SkewedClock.env("+60s");
    assumeTrue(skewed.isPresent(), "libfaketime is not installed (.ci/run installs it)");
    ProcessBuilder builder = new ProcessBuilder(ChildJvm.command(SkewedClock.class));
    builder.environment().putAll(skewed.orElseThrow());
    builder.redirectErrorStream(true);
    long before = System.nanoTime();
    long wallBefore = System.currentTimeMillis();
    Process child = builder.start();
    String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertThat(child.waitFor(2, TimeUnit.MINUTES)).isTrue();
    long after = System.nanoTime();
    long wallAfter = System.currentTimeMillis();

    String[] fields = out.split("\t");
    assertThat(fields).as("the child's output: %s", out).hasSize(4);
    assertThat(Long.parseLong(fields[0]))
        .as("the child's wall clock runs a minute ahead")
        .isBetween(wallBefore + 59_000, wallAfter + 61_000);
    assertThat(Long.parseLong(fields[1]))
        .as("its monotonic clock is the machine's")
        .isBetween(before, after);
    assertThat(Long.parseLong(fields[2])).as("Object.wait(300) lasted (ms)").isGreaterThan(250);
    assertThat(Long.parseLong(fields[3])).as("parkNanos(300 ms) lasted (ms)").isGreaterThan(250);
  }
}
