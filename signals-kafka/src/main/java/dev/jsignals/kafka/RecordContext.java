package dev.jsignals.kafka;

import java.util.Optional;

/** The write context of an event received from Kafka: no connection, the record's origin. */
record RecordContext(KafkaOrigin origin) implements dev.jsignals.core.WriteContext {

  @Override
  public <T> T attach(Class<T> extensionType) {
    throw new IllegalStateException(
        "Cannot attach "
            + extensionType.getName()
            + ": event "
            + origin.eventId()
            + " was received from Kafka topic "
            + origin.topic()
            + ", not raised by a database write in this process. Write through your own handle.");
  }

  @Override
  public void onCommit(Runnable hook) {
    hook.run();
  }

  @Override
  public <T> Optional<T> unwrap(Class<T> type) {
    return type.isInstance(origin) ? Optional.of(type.cast(origin)) : Optional.empty();
  }
}
