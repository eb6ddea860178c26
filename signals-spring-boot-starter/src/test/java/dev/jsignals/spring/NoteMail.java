package dev.jsignals.spring;

import dev.jsignals.core.PostSave;
import dev.jsignals.core.Receiver;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A durable receiver bean: each new note is "mailed" by the outbox's relay after the commit. A
 * suite can hold deliveries at a gate to see a relay in the middle of one.
 */
public class NoteMail {
  private final List<String> mailed = new CopyOnWriteArrayList<>();
  private final Semaphore entered = new Semaphore(0);
  private volatile boolean held;
  private final Semaphore release = new Semaphore(0);

  @Receiver(durable = true, dispatchUid = "notes.mail")
  void mail(PostSave<Note> event) throws InterruptedException {
    if (held) {
      entered.release();
      if (!release.tryAcquire(5, TimeUnit.MINUTES)) {
        throw new IllegalStateException("the suite never released the delivery");
      }
    }
    mailed.add(event.instance().getText());
  }

  List<String> mailed() {
    return List.copyOf(mailed);
  }

  void clear() {
    mailed.clear();
  }

  /** Holds the next deliveries until {@link #release()}. */
  void hold() {
    held = true;
  }

  boolean awaitEntered() throws InterruptedException {
    return entered.tryAcquire(5, TimeUnit.MINUTES);
  }

  void release() {
    held = false;
    release.release();
  }
}
