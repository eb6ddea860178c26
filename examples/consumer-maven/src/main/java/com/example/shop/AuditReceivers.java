package com.example.shop;

import dev.jsignals.core.PostSave;
import dev.jsignals.core.Receiver;

/** Found by {@code Signals.discover()} through the index the annotation processor wrote. */
final class AuditReceivers {
  private AuditReceivers() {}

  @Receiver(dispatchUid = "shop.audit-orders")
  static void auditNewOrder(PostSave<Order> event) {
    if (event.created()) {
      event.attach(OrderDao.class).audit("new order of " + event.instance().getCustomer());
    }
  }
}
