package dev.jsignals.outbox;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Event ids: time-ordered UUIDs in the layout of RFC 9562's version 7 (48 bits of Unix
 * milliseconds, then 74 random bits), drawn from {@link ThreadLocalRandom}. An event id only has to
 * be unique (it names an event to receivers that de-duplicate), not unguessable: the random bits of
 * one millisecond make a collision as unlikely as between two random UUIDs, without the secure
 * random generator's cost per write. Thread-safe.
 */
final class EventIds {
  private EventIds() {}

  static String next() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long high = (System.currentTimeMillis() << 16) | 0x7000L | (random.nextLong() & 0x0FFFL);
    long low = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
    return new UUID(high, low).toString();
  }
}
