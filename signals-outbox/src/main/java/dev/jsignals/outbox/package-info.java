/** Durable receivers and their relays: {@link dev.jsignals.outbox.Outbox} is the entry point. */
@NullMarked
package dev.jsignals.outbox;

import org.jspecify.annotations.NullMarked;
