/**
 * jsignals core: a typed, thread-safe signal dispatcher with Django's semantics, the five model
 * signals and {@code @Receiver} discovery. Depends on nothing at run time but SLF4J.
 */
module dev.jsignals.core {
  requires org.slf4j;
  requires static transitive org.jspecify;

  exports dev.jsignals.dispatch;
  exports dev.jsignals.core;
}
