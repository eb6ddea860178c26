package dev.jsignals.benchmarks;

import dev.jsignals.core.Receiver;
import dev.jsignals.core.Signals;
import dev.jsignals.dispatch.Signal;
import dev.jsignals.spring.SignalsAutoConfiguration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.event.EventListener;

/**
 * One event to one receiver bean in a Spring application: a send through the {@code Signals} that
 * signals-spring-boot-starter configures, its receiver a {@code @Receiver} method of a bean
 * connected from the index, beside Spring's {@code publishEvent} with one {@code @EventListener}
 * method, in the same JMH run. Each receiver adds the event's value to its bean's counter, which
 * the benchmark returns.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class StarterDispatchBenchmark {

  /** The event both carry; a class of this benchmark's own, so no other receiver hears it. */
  public record Meal(long value) {}

  /** The receiver bean, in both shapes. */
  public static class MealCounter {
    long total;

    @Receiver(dispatchUid = "benchmarks.meal-counter")
    public void count(Meal meal) {
      total += meal.value();
    }

    @EventListener
    public void onMeal(Meal meal) {
      total += meal.value();
    }
  }

  /** The application: the starter's configuration and the receiver bean. */
  @Configuration(proxyBeanMethods = false)
  @Import(SignalsAutoConfiguration.class)
  public static class App {
    @Bean
    MealCounter mealCounter() {
      return new MealCounter();
    }
  }

  private AnnotationConfigApplicationContext context;
  private Signal<Meal> meals;
  private ApplicationEventPublisher publisher;
  private MealCounter counter;
  private final Meal meal = new Meal(1);

  /** Starts the application once per trial. */
  @Setup(Level.Trial)
  public void start() {
    context = new AnnotationConfigApplicationContext(App.class);
    meals = context.getBean(Signals.class).signal(Meal.class);
    publisher = context;
    counter = context.getBean(MealCounter.class);
    if (!meals.hasListeners(Meal.class)) {
      throw new IllegalStateException("the starter did not connect MealCounter#count");
    }
  }

  /** Closes the application. */
  @TearDown(Level.Trial)
  public void stop() {
    context.close();
  }

  /**
   * A send through the starter's signals to the bean's receiver.
   *
   * @return the counter
   */
  @Benchmark
  public long jsignalsStarterSend() {
    meals.send(Meal.class, meal);
    return counter.total;
  }

  /**
   * Spring's {@code publishEvent} to the bean's {@code @EventListener}.
   *
   * @return the counter
   */
  @Benchmark
  public long springPublishEvent() {
    publisher.publishEvent(meal);
    return counter.total;
  }
}
