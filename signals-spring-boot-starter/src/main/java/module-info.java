/**
 * jsignals in a Spring Boot application: auto-configuration of the signals, the Jdbi plugin,
 * receivers as beans, Jdbi handles that join Spring's transactions, the outbox's relays as
 * lifecycle beans, Micrometer meters and an Actuator endpoint.
 */
module dev.jsignals.spring {
  requires transitive dev.jsignals.jdbi;
  requires static transitive dev.jsignals.outbox;
  requires static transitive dev.jsignals.kafka;
  requires static transitive spring.boot.kafka;
  requires static kafka.clients;
  requires transitive spring.boot.autoconfigure;
  requires transitive spring.boot;
  requires transitive spring.context;
  requires transitive spring.beans;
  requires transitive spring.core;
  requires transitive spring.jdbc;
  requires transitive spring.tx;
  requires static transitive spring.boot.actuator;
  requires static spring.boot.actuator.autoconfigure;
  requires static spring.boot.health;
  requires static micrometer.core;
  requires static transitive micrometer.observation;
  requires static transitive micrometer.tracing;
  requires static transitive org.jspecify;

  exports dev.jsignals.spring;

  opens dev.jsignals.spring to
      spring.core,
      spring.beans,
      spring.context;
}
