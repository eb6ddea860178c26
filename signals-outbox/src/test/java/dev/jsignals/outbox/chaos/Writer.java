package dev.jsignals.outbox.chaos;

import dev.jsignals.testsupport.Meal;
import java.nio.file.Files;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jspecify.annotations.Nullable;

/**
 * The writers of a run: each write is a transaction that updates (or, for a new key, inserts) an
 * item whose name carries the event's number ({@code n17}) and the receiver fault it asks for;
 * every committed, rolled-back or unknown write is recorded once its outcome is known. Also the
 * faults that live in this process: the target going down, a writer holding the write lock. Writes
 * come from the run's thread, in order, so per key the history's order is the commit order. Not
 * thread-safe, but for the lock holder's own thread.
 */
final class Writer {
  private static final class Rollback extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Rollback() {
      super("rolled back on purpose", null, false, false);
    }
  }

  private final Jdbi jdbi;
  private final History writes;
  private final History faults;
  private final RelayFleet fleet;
  private final long[] ids = new long[Schedule.KEYS];
  private final int[] versions = new int[Schedule.KEYS];
  private long next = 1;
  private long upAt;
  private @Nullable Thread lockHolder;

  Writer(Jdbi jdbi, History writes, History faults, RelayFleet fleet) {
    this.jdbi = jdbi;
    this.writes = writes;
    this.faults = faults;
    this.fleet = fleet;
  }

  /** Inserts one item per key: the first event of every key. */
  void createKeys() {
    for (int k = 0; k < Schedule.KEYS; k++) {
      long n = next++;
      Meal item = new Meal();
      item.setName("n" + n);
      ids[k] = jdbi.inTransaction(h -> h.attach(Meal.Dao.class).insert(item));
      writes.append(Checker.COMMIT, n, ids[k]);
    }
  }

  void write(int key, String fault) {
    writeMany(key, 1, fault);
  }

  /** One transaction updating {@code count} keys from {@code key} on; the first gets the fault. */
  void writeMany(int key, int count, String fault) {
    long[] numbers = new long[count];
    try {
      jdbi.useTransaction(
          h -> {
            for (int i = 0; i < count; i++) {
              numbers[i] = update(h, (key + i) % Schedule.KEYS, i == 0 ? fault : "");
            }
          });
      for (int i = 0; i < count; i++) {
        writes.append(Checker.COMMIT, numbers[i], ids[(key + i) % Schedule.KEYS]);
      }
    } catch (RuntimeException e) {
      for (int i = 0; i < count; i++) {
        if (numbers[i] != 0) {
          writes.append(Checker.UNKNOWN, numbers[i], ids[(key + i) % Schedule.KEYS]);
        }
      }
      fleet.count("write failed (" + e.getClass().getSimpleName() + ")");
    }
  }

  void rollback(int key) {
    long[] number = new long[1];
    try {
      jdbi.useTransaction(
          h -> {
            number[0] = update(h, key, "");
            throw new Rollback();
          });
    } catch (Rollback expected) {
      writes.append(Checker.ROLLBACK, number[0], ids[key]);
      fleet.count("rolled-back write");
    } catch (RuntimeException e) {
      if (number[0] != 0) {
        writes.append(Checker.ROLLBACK, number[0], ids[key]);
      }
    }
  }

  private long update(Handle h, int key, String fault) {
    long n = next++;
    Meal item = new Meal();
    item.setId(ids[key]);
    item.setName("n" + n + (fault.isEmpty() ? "" : ":" + fault));
    item.setVersion(++versions[key]);
    h.attach(Meal.Dao.class).update(item);
    return n;
  }

  /** Takes the target down (connections refused) until {@code millis} from now. */
  void targetDown(long millis) throws Exception {
    if (upAt == 0) {
      faults.append("down");
      Files.writeString(fleet.targetFlag(), "down");
      fleet.count("target down");
    }
    upAt = Math.max(upAt, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis));
  }

  /**
   * A writer that holds the write lock for {@code millis} (SQLite: its write transaction;
   * PostgreSQL: an exclusive lock on the outbox table) and commits one event at the end.
   */
  void holdLock(long millis) {
    if (lockHolder != null && lockHolder.isAlive()) {
      return;
    }
    long n = next++;
    fleet.count("writer holding the lock");
    Thread thread =
        new Thread(
            () -> {
              faults.append(Checker.LOCK);
              try {
                long id =
                    jdbi.inTransaction(
                        h -> {
                          if (!h.getConnection().getMetaData().getURL().startsWith("jdbc:sqlite")) {
                            h.execute("LOCK TABLE jsignals_outbox IN SHARE ROW EXCLUSIVE MODE");
                          }
                          Meal item = new Meal();
                          item.setName("n" + n);
                          long inserted = h.attach(Meal.Dao.class).insert(item);
                          Thread.sleep(millis);
                          return inserted;
                        });
                writes.append(Checker.COMMIT, n, id);
              } catch (Exception e) {
                writes.append(Checker.UNKNOWN, n, "lock");
              } finally {
                faults.append(Checker.UNLOCK);
              }
            },
            "chaos-lock-holder");
    thread.start();
    lockHolder = thread;
  }

  /** Brings the target back when its outage is over. */
  void tick() throws Exception {
    if (upAt != 0 && System.nanoTime() - upAt >= 0) {
      heal();
    }
  }

  /** Ends every fault of this process: the target is up, the lock released. */
  void heal() throws Exception {
    if (upAt != 0) {
      Files.deleteIfExists(fleet.targetFlag());
      faults.append("up");
      upAt = 0;
    }
    Thread holder = lockHolder;
    if (holder != null) {
      holder.join(TimeUnit.MINUTES.toMillis(5));
    }
  }
}
