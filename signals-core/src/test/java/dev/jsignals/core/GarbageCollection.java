package dev.jsignals.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.ref.WeakReference;

/** Waits, with a generous bound, until the garbage collector has cleared a weak reference. */
final class GarbageCollection {
  private static final int ATTEMPTS = 100;

  private GarbageCollection() {}

  /** Runs the collector and allocates until {@code ref} is cleared; fails past the bound. */
  static void awaitCleared(WeakReference<?> ref, String what) {
    for (int attempt = 0; attempt < ATTEMPTS && ref.get() != null; attempt++) {
      System.gc();
      byte[][] pressure = new byte[16][];
      for (int i = 0; i < pressure.length; i++) {
        pressure[i] = new byte[1 << 20];
      }
      assertThat(pressure[15]).hasSize(1 << 20);
    }
    assertThat(ref.get()).as("%s collected within %d collections", what, ATTEMPTS).isNull();
  }
}
