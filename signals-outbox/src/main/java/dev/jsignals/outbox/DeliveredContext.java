package dev.jsignals.outbox;

import dev.jsignals.core.WriteContext;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * The context of an event delivered by a relay: the write committed long ago, so there is no handle
 * to attach to; the delivery and the outbox's {@link Jdbi} can be unwrapped.
 */
final class DeliveredContext implements WriteContext {
  private final Delivery delivery;
  private final Jdbi jdbi;

  DeliveredContext(Delivery delivery, Jdbi jdbi) {
    this.delivery = delivery;
    this.jdbi = jdbi;
  }

  @Override
  public <T> T attach(Class<T> extensionType) {
    throw new IllegalStateException(
        "Cannot attach "
            + extensionType.getName()
            + ": durable receiver '"
            + delivery.receiver()
            + "' runs after the write committed, outside its transaction. Use"
            + " event.context().unwrap(Jdbi.class) and open a handle of your own.");
  }

  @Override
  public void onCommit(Runnable hook) {
    hook.run();
  }

  @Override
  public <T> Optional<T> unwrap(Class<T> type) {
    if (type.isInstance(delivery)) {
      return Optional.of(type.cast(delivery));
    }
    return type.isInstance(jdbi) ? Optional.of(type.cast(jdbi)) : Optional.empty();
  }

  @Override
  public String toString() {
    return "DeliveredContext[" + delivery + "]";
  }
}
