package dev.jsignals.benchmarks;

import com.google.common.eventbus.EventBus;
import com.google.common.eventbus.Subscribe;
import dev.jsignals.dispatch.Listener;
import dev.jsignals.dispatch.Response;
import dev.jsignals.dispatch.Signal;
import java.lang.ref.WeakReference;
import java.util.List;
import java.util.concurrent.TimeUnit;
import net.engio.mbassy.bus.MBassador;
import net.engio.mbassy.listener.Handler;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.SimpleApplicationEventMulticaster;

/**
 * One event sent to N receivers: jsignals beside the tightest loop a user could write (an array of
 * interface calls, nothing else: the limit), the floor of Django's semantics, a 30-line
 * copy-on-write dispatcher and four Java event buses. Every receiver does the same trivial work: it
 * adds the event's value to its own counter, a field of the benchmark's state, so no call can be
 * optimised away. Two jsignals shapes: a {@code Listener} class connected for a {@code Class}
 * sender, and lambdas connected for a sender object (beside a direct loop over the same lambdas and
 * the copy-on-write peer).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class DispatchBenchmark {

  /** The event every bus carries. */
  public static final class Ping extends ApplicationEvent {
    private static final long serialVersionUID = 1L;
    final long value;

    Ping(Object source, long value) {
      super(source);
      this.value = value;
    }
  }

  /** One receiver, in the shape each bus wants. */
  public static final class Counter implements Listener<Ping>, ApplicationListener<Ping> {
    private static final long serialVersionUID = 1L;
    long total;

    @Override
    public void receive(Ping event) {
      total += event.value;
    }

    @Override
    public void onApplicationEvent(Ping event) {
      total += event.value;
    }

    /** Guava and greenrobot. */
    @Subscribe
    @org.greenrobot.eventbus.Subscribe
    public void onPing(Ping event) {
      total += event.value;
    }

    /** MBassador. */
    @Handler
    public void handle(Ping event) {
      total += event.value;
    }
  }

  @Param({"0", "1", "10"})
  public int receivers;

  private final Ping ping = new Ping(DispatchBenchmark.class, 1);
  private Counter[] counters;
  private Listener<Ping>[] direct;
  private Listener<Ping>[] lambdas;
  private final Object owner = new Object();
  private WeakReference<Object>[] floorSenders;
  private Listener<Ping>[] floorReceivers;
  private List<Object> floorResponses;
  private final Object floorSender = DispatchBenchmark.class;
  private Signal<Ping> signal;
  private Signal<Ping> bySender;
  private CopyOnWriteDispatcher<Ping> copyOnWrite;
  private EventBus guava;
  private org.greenrobot.eventbus.EventBus greenrobot;
  private MBassador<Ping> mbassador;
  private SimpleApplicationEventMulticaster spring;

  @Setup(Level.Trial)
  @SuppressWarnings("unchecked")
  public void setUp() {
    counters = new Counter[receivers];
    direct = new Listener[receivers];
    lambdas = new Listener[receivers];
    floorSenders = new WeakReference[receivers];
    floorReceivers = new Listener[receivers];
    Object[] responses = new Object[receivers];
    signal = Signal.create("ping", Ping.class);
    bySender = Signal.create("ping", Ping.class);
    copyOnWrite = new CopyOnWriteDispatcher<>();
    guava = new EventBus();
    greenrobot =
        org.greenrobot.eventbus.EventBus.builder()
            .logNoSubscriberMessages(false)
            .sendNoSubscriberEvent(false)
            .build();
    mbassador = new MBassador<>();
    spring = new SimpleApplicationEventMulticaster();
    for (int i = 0; i < receivers; i++) {
      Counter counter = new Counter();
      counters[i] = counter;
      direct[i] = counter;
      signal.connect(DispatchBenchmark.class, counter);
      floorSenders[i] = new WeakReference<>(DispatchBenchmark.class);
      floorReceivers[i] = counter;
      responses[i] = counter;
      Listener<Ping> lambda = ping -> counter.total += ping.value;
      lambdas[i] = lambda;
      bySender.connect(owner, lambda);
      copyOnWrite.connect(owner, ping -> counter.total += ping.value);
      guava.register(counter);
      greenrobot.register(counter);
      mbassador.subscribe(counter);
      spring.addApplicationListener(counter);
    }
    floorResponses = List.of(responses);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    mbassador.shutdown();
  }

  /** The limit: a plain loop of interface calls over the receivers, and nothing else. */
  @Benchmark
  public void directLoop() throws Exception {
    for (Listener<Ping> listener : direct) {
      listener.receive(ping);
    }
  }

  /**
   * The floor of Django's semantics when each receiver's sender must be tested: the direct loop,
   * plus a test of each receiver's weakly held sender ({@code Reference.refersTo}, which makes no
   * strong reference), plus handing back a response list made in advance (every receiver answered
   * nothing). No mute, no recursion guard, no failure handling: what a dispatcher that tests the
   * sender per receiver cannot skip. (jsignals tests it once per send when every receiver listens
   * to the same sender, as here.)
   */
  @Benchmark
  public List<Object> weakSenderFloor() throws Exception {
    WeakReference<Object>[] senders = floorSenders;
    Listener<Ping>[] calls = floorReceivers;
    Object from = floorSender;
    for (int i = 0; i < calls.length; i++) {
      if (senders[i].refersTo(from)) {
        calls[i].receive(ping);
      }
    }
    return floorResponses;
  }

  /** jsignals: {@code Signal.send}, returning the (receiver, response) list. */
  @Benchmark
  public List<Response> jsignalsSend() {
    return signal.send(DispatchBenchmark.class, ping);
  }

  /** The limit for lambdas: a plain loop over the lambdas connected to {@code bySender}. */
  @Benchmark
  public void directLambdaLoop() throws Exception {
    for (Listener<Ping> listener : lambdas) {
      listener.receive(ping);
    }
  }

  /** jsignals with lambdas connected for a sender object. */
  @Benchmark
  public List<Response> jsignalsLambdasBySender() {
    return bySender.send(owner, ping);
  }

  /** The 30-line copy-on-write dispatcher, lambdas filtered by the same sender object. */
  @Benchmark
  public void copyOnWritePeer() {
    copyOnWrite.send(owner, ping);
  }

  @Benchmark
  public void guavaEventBus() {
    guava.post(ping);
  }

  @Benchmark
  public void greenrobotEventBus() {
    greenrobot.post(ping);
  }

  @Benchmark
  public void mbassador() {
    mbassador.publish(ping);
  }

  @Benchmark
  public void springMulticaster() {
    spring.multicastEvent(ping);
  }
}
