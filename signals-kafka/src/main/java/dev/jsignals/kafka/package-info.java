/** Model events on Apache Kafka. */
@NullMarked
package dev.jsignals.kafka;

import org.jspecify.annotations.NullMarked;
