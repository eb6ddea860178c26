/**
 * The hand-off of durable receivers ({@code @Receiver(durable = true)}) from discovery to the
 * outbox. Exported to {@code dev.jsignals.outbox} only; not public API.
 */
@NullMarked
package dev.jsignals.core.durable;

import org.jspecify.annotations.NullMarked;
