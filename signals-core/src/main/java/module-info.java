/**
 * jsignals core: a typed, thread-safe signal dispatcher with Django's semantics, the five model
 * signals and {@code @Receiver} discovery. Depends on nothing at run time but SLF4J.
 */
module dev.jsignals.core {
  requires org.slf4j;
  requires static transitive org.jspecify;
  requires static java.compiler;

  exports dev.jsignals.dispatch;
  exports dev.jsignals.core;

  provides javax.annotation.processing.Processor with
      dev.jsignals.core.processor.ReceiverProcessor;
}
