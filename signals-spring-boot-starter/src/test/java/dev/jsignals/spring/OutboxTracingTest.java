package dev.jsignals.spring;

import static org.assertj.core.api.Assertions.assertThat;

import brave.handler.MutableSpan;
import brave.handler.SpanHandler;
import brave.propagation.TraceContext;
import dev.jsignals.outbox.Outbox;
import dev.jsignals.outbox.OutboxRow;
import dev.jsignals.outbox.TracePropagation;
import dev.jsignals.testsupport.Await;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.tracing.brave.autoconfigure.BraveAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * With Micrometer Tracing (Brave, configured by Spring Boot's auto-configuration, with its
 * observations), a durable write inside a span is delivered by the relay, on its own thread, in a
 * span of the write's trace under the write's span; a write outside any span carries no trace and
 * is delivered in a trace of its own.
 */
class OutboxTracingTest {
  private static final String RECEIVER = "notes.traced";

  /** The spans Brave finished, by name. */
  static final class FinishedSpans extends SpanHandler {
    final List<String> names = new CopyOnWriteArrayList<>();
    final Map<String, String> parents = new ConcurrentHashMap<>();

    /** {@return the ids of a span's ancestors, nearest first, as far as they finished} */
    List<String> ancestors(String spanId) {
      List<String> ancestors = new ArrayList<>();
      for (String id = parents.get(spanId); id != null && !id.isEmpty(); id = parents.get(id)) {
        ancestors.add(id);
      }
      return ancestors;
    }

    @Override
    public boolean end(TraceContext context, MutableSpan span, Cause cause) {
      names.add(span.name());
      String parent = context.parentIdString();
      parents.put(context.spanIdString(), parent == null ? "" : parent);
      return true;
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class Spans {
    @Bean
    FinishedSpans finishedSpans() {
      return new FinishedSpans();
    }
  }

  /** What the durable receiver saw: its thread and the span current while it ran. */
  record Seen(String thread, String traceId, String spanId, String parentId) {}

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  BraveAutoConfiguration.class,
                  SignalsAutoConfiguration.class,
                  OutboxAutoConfiguration.class,
                  SignalsTracingAutoConfiguration.class))
          .withUserConfiguration(TestApp.class, Spans.class)
          .withPropertyValues(
              "management.tracing.sampling.probability=1.0", "jsignals.outbox.keep-delivered=1h");

  @Test
  void aWriteInsideASpanIsDeliveredInAChildSpanOfItOnTheRelaysThread() {
    runner.run(
        context -> {
          assertThat(context).hasSingleBean(TracePropagation.class);
          Tracer tracer = context.getBean(Tracer.class);
          BlockingQueue<Seen> seen = traced(context.getBean(SignalsOutbox.class).outbox(), tracer);

          Span request = tracer.nextSpan().name("POST /notes").start();
          Tracer.SpanInScope scope = tracer.withSpan(request);
          try {
            context.getBean(NoteService.class).create("traced soup");
          } finally {
            scope.close();
            request.end();
          }

          Seen delivery = seen.poll(60, TimeUnit.SECONDS);
          assertThat(delivery).as("delivered by the relay").isNotNull();
          assertThat(delivery.thread()).startsWith("jsignals-receiver-");
          assertThat(delivery.traceId()).isEqualTo(request.context().traceId());
          FinishedSpans spans = context.getBean(FinishedSpans.class);
          // The delivery's span ends just after the receiver returned.
          assertThat(
                  Await.until(
                      () -> spans.names.contains("jsignals.deliver " + RECEIVER),
                      Duration.ofSeconds(30)))
              .as("the delivery's span finished")
              .isTrue();
          // The write's span, or (with the send's observations, as here) a span inside it, is the
          // parent of the delivery's span.
          assertThat(spans.ancestors(delivery.spanId()))
              .startsWith(delivery.parentId())
              .contains(request.context().spanId());
          Map<String, String> carried =
              row(context.getBean(SignalsOutbox.class).outbox()).traceContext();
          assertThat(carried.get(TracePropagation.TRACEPARENT))
              .as("the row's W3C traceparent")
              .startsWith("00-" + request.context().traceId() + "-");
        });
  }

  @Test
  void aWriteOutsideAnySpanCarriesNoTraceAndIsDeliveredInATraceOfItsOwn() {
    // Without the send's own observation, which would be a span of its own around the write.
    runner
        .withPropertyValues("jsignals.observations.enabled=false")
        .run(
            context -> {
              Tracer tracer = context.getBean(Tracer.class);
              Outbox outbox = context.getBean(SignalsOutbox.class).outbox();
              BlockingQueue<Seen> seen = traced(outbox, tracer);
              assertThat(tracer.currentSpan()).isNull();

              context.getBean(NoteService.class).create("untraced soup");

              Seen delivery = seen.poll(60, TimeUnit.SECONDS);
              assertThat(delivery).as("delivered by the relay").isNotNull();
              assertThat(delivery.thread()).startsWith("jsignals-receiver-");
              assertThat(delivery.traceId()).isNotEmpty();
              assertThat(delivery.parentId()).as("a new trace's root span").isNull();
              assertThat(row(outbox).traceContext()).isEmpty();
            });
  }

  @Test
  void withoutATracerOrWhenSwitchedOffTheOutboxCarriesNoTrace() {
    new ApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(
                SignalsAutoConfiguration.class,
                OutboxAutoConfiguration.class,
                SignalsTracingAutoConfiguration.class))
        .withUserConfiguration(TestApp.class)
        .run(context -> assertThat(context).doesNotHaveBean(TracePropagation.class));
    runner
        .withPropertyValues("jsignals.tracing.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean(TracePropagation.class));
  }

  /** Connects the durable receiver {@value #RECEIVER}, which reports the span it runs in. */
  private static BlockingQueue<Seen> traced(Outbox outbox, Tracer tracer) {
    BlockingQueue<Seen> seen = new LinkedBlockingQueue<>();
    outbox.postSave(
        Note.class,
        RECEIVER,
        e -> {
          Span current = tracer.currentSpan();
          seen.add(
              current == null
                  ? new Seen(Thread.currentThread().getName(), "", "", "none")
                  : new Seen(
                      Thread.currentThread().getName(),
                      current.context().traceId(),
                      current.context().spanId(),
                      current.context().parentId()));
        });
    return seen;
  }

  /** The delivered row of {@value #RECEIVER}, once its completion is recorded. */
  private static OutboxRow row(Outbox outbox) throws InterruptedException {
    assertThat(outbox.awaitDrained(Duration.ofSeconds(30))).isTrue();
    return outbox.rows(OutboxRow.Status.DELIVERED).stream()
        .filter(r -> r.receiver().equals(RECEIVER))
        .findFirst()
        .orElseThrow();
  }
}
