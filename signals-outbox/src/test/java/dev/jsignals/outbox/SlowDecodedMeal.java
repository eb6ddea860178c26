package dev.jsignals.outbox;

import dev.jsignals.jdbi.Inserts;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.sqlobject.customizer.BindBean;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.jspecify.annotations.Nullable;

/**
 * A model whose decoding can be held up, as a cold JVM loading classes or a starved CPU holds it
 * up: once {@link #hold()} was called, Jackson's call of {@link #setName} waits, deaf to
 * interrupts, until {@link #release()}, and keeps the interrupt it got meanwhile. Written to the
 * meals table (see {@link dev.jsignals.testsupport.Meal}).
 */
public final class SlowDecodedMeal {
  private static volatile @Nullable CountDownLatch gate;
  private static volatile CountDownLatch decoding = new CountDownLatch(1);
  private static volatile @Nullable Thread decoder;

  private long id;
  private String name = "";
  private int version;

  /** For Jackson. */
  public SlowDecodedMeal() {}

  SlowDecodedMeal(String name) {
    this.name = name;
  }

  /** From now on, decoding waits until {@link #release()}. */
  static void hold() {
    decoder = null;
    decoding = new CountDownLatch(1);
    gate = new CountDownLatch(1);
  }

  static void release() {
    CountDownLatch held = gate;
    gate = null;
    if (held != null) {
      held.countDown();
    }
  }

  /** Waits (up to two minutes) until a thread is held in decoding; returns it, or null. */
  static @Nullable Thread awaitDecoder() throws InterruptedException {
    return decoding.await(2, TimeUnit.MINUTES) ? decoder : null;
  }

  public long getId() {
    return id;
  }

  public void setId(long id) {
    this.id = id;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    CountDownLatch held = gate;
    if (held != null) {
      decoder = Thread.currentThread();
      decoding.countDown();
      boolean interrupted = false;
      while (held.getCount() > 0) {
        try {
          held.await();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
    this.name = name;
  }

  public int getVersion() {
    return version;
  }

  public void setVersion(int version) {
    this.version = version;
  }

  /** Writes meals, sending the model signals. */
  public interface Dao {
    @SqlUpdate("INSERT INTO meals (name, version) VALUES (:name, :version)")
    @GetGeneratedKeys("id")
    @Inserts(SlowDecodedMeal.class)
    long insert(@BindBean SlowDecodedMeal item);
  }
}
