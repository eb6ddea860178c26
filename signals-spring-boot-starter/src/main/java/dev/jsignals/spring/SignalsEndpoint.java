package dev.jsignals.spring;

import dev.jsignals.core.Signals;
import dev.jsignals.dispatch.Connection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * {@code /actuator/signals}: every signal with its receivers (name, sender, uid, where declared)
 * and, with the outbox, its row counts. Thread-safe.
 */
@Endpoint(id = "signals")
public final class SignalsEndpoint {
  private final Signals signals;
  private final Supplier<@Nullable OutboxReport> outbox;

  SignalsEndpoint(Signals signals, Supplier<@Nullable OutboxReport> outbox) {
    this.signals = signals;
    this.outbox = outbox;
  }

  /**
   * A description of the signals, receivers and outbox.
   *
   * @return the report, as JSON
   */
  @ReadOperation
  public Report signals() {
    Map<String, List<ReceiverInfo>> receivers = new LinkedHashMap<>();
    signals
        .connections()
        .forEach(
            (signal, connections) ->
                receivers.put(signal, connections.stream().map(ReceiverInfo::of).toList()));
    return new Report(receivers, outbox.get());
  }

  /**
   * What the endpoint reports.
   *
   * @param signals each signal's receivers, in connection order
   * @param outbox the outbox's row counts, or {@code null} without an outbox
   */
  public record Report(Map<String, List<ReceiverInfo>> signals, @Nullable OutboxReport outbox) {}

  /**
   * One receiver's connection.
   *
   * @param receiver the readable name, {@code com.example.Receivers#method}
   * @param sender the sender's class name, or {@code null} for any sender
   * @param dispatchUid the uid, or {@code null}
   * @param declaredAt where it was declared
   */
  public record ReceiverInfo(
      String receiver, @Nullable String sender, @Nullable String dispatchUid, String declaredAt) {
    static ReceiverInfo of(Connection c) {
      Object sender = c.sender();
      String name = sender instanceof Class<?> type ? type.getName() : null;
      return new ReceiverInfo(
          c.receiver(),
          sender == null ? null : name != null ? name : String.valueOf(sender),
          c.dispatchUid(),
          c.declaredAt());
    }
  }
}
