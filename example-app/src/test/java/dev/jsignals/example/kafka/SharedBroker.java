package dev.jsignals.example.kafka;

import dev.jsignals.testsupport.TestBroker;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives a {@link TestBroker} parameter the one broker of this test JVM: the Kafka suites that
 * declare {@code @ExtendWith(SharedBroker.class)} share it. Started by the first of them; JUnit's
 * root store closes it once every suite has run. Thread-safe, as JUnit's store is.
 */
final class SharedBroker implements ParameterResolver {
  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == TestBroker.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context
        .getRoot()
        .getStore(ExtensionContext.Namespace.create(SharedBroker.class))
        .getOrComputeIfAbsent(
            TestBroker.class,
            key -> {
              try {
                return TestBroker.start();
              } catch (Exception e) {
                throw new ParameterResolutionException("The test broker did not start", e);
              }
            },
            TestBroker.class);
  }
}
