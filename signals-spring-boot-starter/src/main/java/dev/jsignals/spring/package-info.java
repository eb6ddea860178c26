/**
 * jsignals in a Spring Boot application: auto-configuration of the signals, the Jdbi plugin,
 * receiver beans, Spring transactions, the outbox's relays and their metrics and Actuator endpoint.
 */
@NullMarked
package dev.jsignals.spring;

import org.jspecify.annotations.NullMarked;
