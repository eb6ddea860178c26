package dev.jsignals.spring;

import java.util.List;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when at least one Kafka route is configured ({@code jsignals.kafka.post-save}, {@code
 * .post-delete} or {@code .m2m-changed}, as a comma-separated value or a list): without one, no
 * producer is made, not even to Spring's default {@code localhost:9092}. Stateless.
 */
final class KafkaRoutesCondition extends SpringBootCondition {
  private static final List<String> ROUTES =
      List.of(
          "jsignals.kafka.post-save", "jsignals.kafka.post-delete", "jsignals.kafka.m2m-changed");

  @Override
  public ConditionOutcome getMatchOutcome(
      ConditionContext context, AnnotatedTypeMetadata metadata) {
    Binder binder = Binder.get(context.getEnvironment());
    for (String route : ROUTES) {
      if (!binder.bind(route, Bindable.listOf(String.class)).orElse(List.of()).isEmpty()) {
        return ConditionOutcome.match("Kafka route " + route + " is set");
      }
    }
    return ConditionOutcome.noMatch("no jsignals.kafka route is set");
  }
}
