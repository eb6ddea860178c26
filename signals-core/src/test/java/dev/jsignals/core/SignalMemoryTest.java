package dev.jsignals.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jsignals.dispatch.Connection;
import dev.jsignals.dispatch.Listener;
import dev.jsignals.dispatch.Signal;
import org.junit.jupiter.api.Test;

/** A signal's retained size stays bounded under connection churn and dying weak owners. */
class SignalMemoryTest {
  private static final int CYCLES = 1_000_000;
  private static final long BOUND = 16L << 20;

  record Tick(long value) {}

  static final class Owner {
    long seen;

    void onTick(Tick tick) {
      seen += tick.value();
    }
  }

  private static long usedAfterGc() {
    Runtime runtime = Runtime.getRuntime();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      used = Math.min(used, runtime.totalMemory() - runtime.freeMemory());
    }
    return used;
  }

  @Test
  void aMillionConnectDisconnectCyclesLeaveNothingBehind() {
    Signal<Tick> signal = Signal.create("tick", Tick.class);
    Listener<Tick> receiver = tick -> {};
    long before = usedAfterGc();

    for (int i = 0; i < CYCLES; i++) {
      Connection connection = signal.connect(i % 2 == 0 ? "a" : "b", receiver);
      connection.disconnect();
    }

    long grown = usedAfterGc() - before;
    System.out.printf(
        "connect/disconnect cycles: %d, heap growth after GC: %d bytes%n", CYCLES, grown);
    assertThat(signal.connections()).isEmpty();
    assertThat(grown).as("heap growth after %d cycles", CYCLES).isLessThan(BOUND);
  }

  @Test
  void aMillionSendsWithDyingWeakOwnersStayBounded() {
    Signal<Tick> signal = Signal.create("tick", Tick.class);
    Tick tick = new Tick(1);
    int live = 0;
    int most = 0;
    long before = usedAfterGc();

    for (int i = 0; i < CYCLES; i++) {
      if (i % 100_000 == 0) {
        System.gc(); // sends allocate nothing, so nothing else would run the collector
      }
      if (i % 1_000 == 0) {
        // A new short-lived owner every thousand sends; the previous one becomes garbage.
        signal.connectWeak(new Owner(), Owner::onTick);
        live = signal.connections().size();
        most = Math.max(most, live);
      }
      signal.send("sender", tick);
    }

    long grown = usedAfterGc() - before;
    System.out.printf(
        "weak sends: %d, owners connected: %d, most entries listed: %d, heap growth: %d bytes%n",
        CYCLES, CYCLES / 1_000, most, grown);
    assertThat(most).as("dead owners are swept, not accumulated").isLessThanOrEqualTo(150);
    assertThat(grown).isLessThan(BOUND);
  }
}
