/**
 * The jsignals annotation processor: checks every {@code @Receiver} method at compile time and
 * writes the receiver index that {@code Signals.discover()} reads. Belongs on the annotation
 * processor path only, never on the run-time class path.
 */
module dev.jsignals.processor {
  requires java.compiler;

  provides javax.annotation.processing.Processor with
      dev.jsignals.processor.ReceiverProcessor;
}
