package dev.jsignals.core;

import java.util.List;

/** Connects {@link Receiver} methods, from the compile-time index or by reflection. */
final class AnnotatedReceivers {
  private AnnotatedReceivers() {}

  static List<Connection> discover(Signals signals, ReceiverFactory factory, ClassLoader loader) {
    throw new UnsupportedOperationException("discovery is not built yet");
  }

  static List<Connection> connect(Signals signals, Object target) {
    throw new UnsupportedOperationException("connectAnnotated is not built yet");
  }
}
