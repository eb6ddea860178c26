package dev.jsignals.outbox.chaos;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The whole schedule of a fault-injection run, derived from one seed: the relays' clock skews and
 * every operation, in order, each to run once the relays have recorded a number of deliveries more
 * (timing follows observed progress, never the wall clock). The same seed and settings give the
 * same schedule. Immutable.
 *
 * @param skews each relay slot's clock offset in seconds (libfaketime), 0 for none
 * @param operations the operations, in order
 */
record Schedule(List<Integer> skews, List<Op> operations) {
  /** The fault classes a run can inject; a run may leave some out. */
  enum Fault {
    /** SIGKILL of a relay process. */
    KILL,
    /** SIGSTOP of a relay process, SIGCONT later. */
    PAUSE,
    /** A receiver that throws on its first attempts. */
    THROW,
    /** A receiver that halts its JVM on the first attempt. */
    HALT,
    /** A receiver that halts its JVM on every attempt: the row must end dead. */
    CRASH_LOOP,
    /** A receiver that runs past its lease on the first attempt. */
    BLOCK,
    /** The target goes down (connection refused), and comes back. */
    TARGET_DOWN,
    /** Relays whose clocks run ahead of or behind the database's. */
    SKEW,
    /** A writer holding the database's write lock past the lease. */
    LOCK,
    /** Rolled-back writes. */
    ROLLBACK,
    /** The operator skips a waiting or dead row. */
    SKIP,
    /** The operator retries a dead row. */
    RETRY
  }

  /** What an operation does. */
  enum Kind {
    WRITE,
    WRITE_MANY,
    ROLLBACK,
    KILL,
    PAUSE,
    TARGET_DOWN,
    LOCK,
    SKIP,
    RETRY
  }

  /**
   * One operation.
   *
   * @param kind what it does
   * @param after how many more deliveries to wait for before it runs
   * @param key the key written (an index), or the relay slot
   * @param fault the receiver fault its event carries ({@code throw2}, {@code halt1}...), or ""
   * @param pick which row or how many keys, an operator's or a writer's choice
   * @param millis how long a fault lasts, in lease units of a thousand
   */
  record Op(Kind kind, int after, int key, String fault, int pick, int millis) {}

  static final int KEYS = 6;

  /** Derives the schedule of a run. */
  static Schedule of(long seed, int operations, int relays, Set<Fault> faults) {
    SplittableRandom random = new SplittableRandom(seed);
    List<Integer> skews = new ArrayList<>();
    for (int i = 0; i < relays; i++) {
      int skew = 0;
      // One relay runs off the database's clock (libfaketime costs its JVM several times the CPU).
      if (faults.contains(Fault.SKEW) && i == 1) {
        skew = (random.nextBoolean() ? 1 : -1) * random.nextInt(3, 30);
      }
      skews.add(skew);
    }
    List<Op> ops = new ArrayList<>();
    while (ops.size() < operations) {
      int roll = random.nextInt(100);
      int after = random.nextInt(4);
      int key = random.nextInt(KEYS);
      int pick = random.nextInt(1000);
      int millis = random.nextInt(1200, 3000);
      Kind kind;
      if (roll < 8 && faults.contains(Fault.ROLLBACK)) {
        kind = Kind.ROLLBACK;
      } else if (roll < 14) {
        kind = Kind.WRITE_MANY;
      } else if (roll < 18 && faults.contains(Fault.KILL)) {
        kind = Kind.KILL;
        key = random.nextInt(relays);
      } else if (roll < 22 && faults.contains(Fault.PAUSE)) {
        kind = Kind.PAUSE;
        key = random.nextInt(relays);
      } else if (roll < 24 && faults.contains(Fault.TARGET_DOWN)) {
        kind = Kind.TARGET_DOWN;
      } else if (roll < 26 && faults.contains(Fault.LOCK)) {
        kind = Kind.LOCK;
      } else if (roll < 30 && faults.contains(Fault.SKIP)) {
        kind = Kind.SKIP;
      } else if (roll < 34 && faults.contains(Fault.RETRY)) {
        kind = Kind.RETRY;
      } else {
        kind = Kind.WRITE;
      }
      ops.add(new Op(kind, after, key, receiverFault(random, faults), pick, millis));
    }
    return new Schedule(List.copyOf(skews), List.copyOf(ops));
  }

  private static String receiverFault(SplittableRandom random, Set<Fault> faults) {
    int roll = random.nextInt(100);
    if (roll < 8 && faults.contains(Fault.THROW)) {
      return "throw" + random.nextInt(1, 4);
    }
    if (roll < 11 && faults.contains(Fault.HALT)) {
      return "halt1";
    }
    if (roll < 12 && faults.contains(Fault.CRASH_LOOP)) {
      return "halt99";
    }
    if (roll < 15 && faults.contains(Fault.BLOCK)) {
      return "block1";
    }
    return "";
  }

  /** Every fault class, for {@code without}'s complement. */
  static Set<Fault> allBut(Set<Fault> without) {
    Set<Fault> faults = EnumSet.allOf(Fault.class);
    faults.removeAll(without);
    return faults;
  }
}
