/**
 * jsignals on Apache Kafka: model events published to topics from a relay, and records turned back
 * into typed model events for the receivers of another service.
 */
module dev.jsignals.kafka {
  requires transitive dev.jsignals.core;
  requires transitive kafka.clients;
  requires static transitive dev.jsignals.outbox;
  requires transitive com.fasterxml.jackson.databind;
  requires org.slf4j;
  requires io.cloudevents.api;
  requires io.cloudevents.core;
  requires io.cloudevents.kafka;
  requires static transitive org.jspecify;

  exports dev.jsignals.kafka;
}
