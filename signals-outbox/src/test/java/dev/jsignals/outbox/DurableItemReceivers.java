package dev.jsignals.outbox;

import dev.jsignals.core.PostSave;
import dev.jsignals.core.Receiver;
import dev.jsignals.testsupport.Meal;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/** A durable annotated receiver, indexed by the processor for {@code DurableReceiverTest}. */
final class DurableItemReceivers {
  static final BlockingQueue<PostSave<Meal>> RECEIVED = new LinkedBlockingQueue<>();

  private DurableItemReceivers() {}

  @Receiver(dispatchUid = "items.durable-welcome", durable = true)
  static void welcome(PostSave<Meal> event) {
    RECEIVED.add(event);
  }
}
