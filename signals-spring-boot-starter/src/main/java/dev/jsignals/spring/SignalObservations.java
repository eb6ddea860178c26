package dev.jsignals.spring;

import dev.jsignals.dispatch.Connection;
import dev.jsignals.dispatch.Response;
import dev.jsignals.dispatch.Signal;
import dev.jsignals.dispatch.SignalInterceptor;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Records a Micrometer {@link Observation} around each send ({@value #SEND}) and each receiver call
 * ({@value #RECEIVER}), with the low-cardinality keys {@code signal}, {@code sender} (the sender
 * class's name) and, for receivers, {@code receiver} (the connection's readable name, the same for
 * every call). A receiver's exception is recorded as the observation's error and propagates
 * unchanged. Thread-safe.
 */
final class SignalObservations implements SignalInterceptor {
  static final String SEND = "jsignals.send";
  static final String RECEIVER = "jsignals.receiver";

  private final ObservationRegistry registry;

  SignalObservations(ObservationRegistry registry) {
    this.registry = registry;
  }

  @Override
  public List<Response> aroundSend(
      Signal<?> signal, Object sender, Object event, Supplier<List<Response>> send) {
    return Observation.createNotStarted(SEND, registry)
        .contextualName(signal.name() + " send")
        .lowCardinalityKeyValue("signal", signal.name())
        .lowCardinalityKeyValue("sender", senderName(sender))
        .observe(send);
  }

  @Override
  public @Nullable Object aroundReceiver(
      Connection receiver, Object sender, Object event, Callable<@Nullable Object> call)
      throws Exception {
    return Observation.createNotStarted(RECEIVER, registry)
        .contextualName(receiver.signal() + " receiver")
        .lowCardinalityKeyValue("signal", receiver.signal())
        .lowCardinalityKeyValue("sender", senderName(sender))
        .lowCardinalityKeyValue("receiver", receiver.receiver())
        .observeChecked(call::call);
  }

  /** A class sender's name, else its object's class name: never an instance's identity. */
  static String senderName(Object sender) {
    return sender instanceof Class<?> type ? type.getName() : sender.getClass().getName();
  }
}
