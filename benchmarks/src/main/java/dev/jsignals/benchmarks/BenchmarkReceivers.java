package dev.jsignals.benchmarks;

import dev.jsignals.core.Receiver;
import dev.jsignals.dispatch.Listener;

/** Ten {@code @Receiver} methods and ten equal lambdas for {@link AnnotatedReceiverBenchmark}. */
public final class BenchmarkReceivers {
  /** The custom event. */
  public record Tick(long value) {}

  static long total;

  private BenchmarkReceivers() {}

  @Receiver
  static void r0(Tick tick) {
    total += tick.value() + 0;
  }

  @Receiver
  static void r1(Tick tick) {
    total += tick.value() + 1;
  }

  @Receiver
  static void r2(Tick tick) {
    total += tick.value() + 2;
  }

  @Receiver
  static void r3(Tick tick) {
    total += tick.value() + 3;
  }

  @Receiver
  static void r4(Tick tick) {
    total += tick.value() + 4;
  }

  @Receiver
  static void r5(Tick tick) {
    total += tick.value() + 5;
  }

  @Receiver
  static void r6(Tick tick) {
    total += tick.value() + 6;
  }

  @Receiver
  static void r7(Tick tick) {
    total += tick.value() + 7;
  }

  @Receiver
  static void r8(Tick tick) {
    total += tick.value() + 8;
  }

  @Receiver
  static void r9(Tick tick) {
    total += tick.value() + 9;
  }

  static java.util.List<Listener<Tick>> lambdas() {
    return java.util.List.of(
        tick -> total += tick.value() + 0,
        tick -> total += tick.value() + 1,
        tick -> total += tick.value() + 2,
        tick -> total += tick.value() + 3,
        tick -> total += tick.value() + 4,
        tick -> total += tick.value() + 5,
        tick -> total += tick.value() + 6,
        tick -> total += tick.value() + 7,
        tick -> total += tick.value() + 8,
        tick -> total += tick.value() + 9);
  }
}
