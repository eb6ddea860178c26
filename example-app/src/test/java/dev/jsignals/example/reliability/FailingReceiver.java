package dev.jsignals.example.reliability;

import dev.jsignals.core.PostSave;
import dev.jsignals.core.Receiver;
import dev.jsignals.example.User;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A receiver that the test build adds to the app (the test classes have their own receiver index,
 * which discovery combines with the app's): inert until a test arms it, then it throws at the n-th
 * user saved.
 */
public final class FailingReceiver {
  /** How many more saves before the receiver throws; 0 or less means never. */
  static final AtomicInteger COUNTDOWN = new AtomicInteger();

  private FailingReceiver() {}

  @Receiver(dispatchUid = "tests.failing-receiver")
  static void failAtTheNthSave(PostSave<User> event) {
    if (COUNTDOWN.get() > 0 && COUNTDOWN.decrementAndGet() == 0) {
      throw new IllegalStateException(
          "receiver failed on purpose at user " + event.instance().getUsername());
    }
  }
}
