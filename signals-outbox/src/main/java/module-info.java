/**
 * jsignals outbox: durable receivers. A durable receiver's events are written as outbox rows in the
 * write's own transaction, then delivered at least once by relays, per key in commit order, from as
 * many threads and processes as needed.
 */
module dev.jsignals.outbox {
  requires transitive dev.jsignals.jdbi;
  requires transitive com.fasterxml.jackson.databind;
  requires org.slf4j;
  requires static org.postgresql.jdbc;
  requires static transitive micrometer.core;
  requires static transitive org.jspecify;

  exports dev.jsignals.outbox;
}
