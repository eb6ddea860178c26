/**
 * jsignals core: a typed, thread-safe signal dispatcher with Django's semantics, the five model
 * signals and {@code @Receiver} discovery. Depends on nothing at run time but SLF4J.
 */
@SuppressWarnings("module") // dev.jsignals.outbox is built after this module
module dev.jsignals.core {
  requires org.slf4j;
  requires static transitive org.jspecify;

  exports dev.jsignals.dispatch;
  exports dev.jsignals.core;
  // The hand-off of @Receiver(durable = true) receivers to the outbox: not public API.
  exports dev.jsignals.core.durable to
      dev.jsignals.outbox;
}
