package dev.jsignals.benchmarks;

import dev.jsignals.core.Signals;
import dev.jsignals.dispatch.Listener;
import dev.jsignals.dispatch.Signal;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The same send to N {@code @Receiver} methods (connected by discovery through the generated
 * registrars) and to N lambdas doing the same work. Each receiver is a distinct method, as in an
 * application, so the call site sees N receiver classes either way.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class AnnotatedReceiverBenchmark {

  @Param({"1", "10"})
  public int receivers;

  private Signal<BenchmarkReceivers.Tick> annotated;
  private Signal<BenchmarkReceivers.Tick> lambdas;
  private final BenchmarkReceivers.Tick tick = new BenchmarkReceivers.Tick(1);

  @Setup(Level.Trial)
  public void setUp() {
    Signals signals = Signals.create();
    signals.connectDiscovered(AnnotatedReceiverBenchmark.class.getClassLoader());
    annotated = signals.signal(BenchmarkReceivers.Tick.class);
    // Keep the first N annotated receivers; they are listed in declaration order.
    annotated.connections().stream()
        .skip(receivers)
        .forEach(info -> annotated.disconnectUid(info.dispatchUid()));
    lambdas = Signal.create("tick", BenchmarkReceivers.Tick.class);
    java.util.List<Listener<BenchmarkReceivers.Tick>> all = BenchmarkReceivers.lambdas();
    for (int i = 0; i < receivers; i++) {
      lambdas.connect(all.get(i));
    }
    if (annotated.connections().size() != receivers) {
      throw new IllegalStateException("discovery found " + annotated.connections());
    }
  }

  @Benchmark
  public void annotatedReceivers(Blackhole blackhole) {
    blackhole.consume(annotated.send(BenchmarkReceivers.class, tick));
    blackhole.consume(BenchmarkReceivers.total);
  }

  @Benchmark
  public void lambdaReceivers(Blackhole blackhole) {
    blackhole.consume(lambdas.send(BenchmarkReceivers.class, tick));
    blackhole.consume(BenchmarkReceivers.total);
  }
}
