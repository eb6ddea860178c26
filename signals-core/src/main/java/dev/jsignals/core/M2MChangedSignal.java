package dev.jsignals.core;

import dev.jsignals.dispatch.Connection;
import dev.jsignals.dispatch.Listener;

/**
 * Django's {@code m2m_changed}: see {@link M2MChanged}. Obtain it from {@link
 * Signals#m2mChanged()}.
 */
public final class M2MChangedSignal extends ModelSignal<M2MChanged<?>> {

  M2MChangedSignal(int maxRecursionDepth) {
    super("m2m_changed", M2MChanged.class, maxRecursionDepth);
  }

  /**
   * Connects a receiver for one join (through) type. The instance's type depends on the side the
   * relation is changed from (see {@link M2MChanged#reverse()}).
   *
   * @param sender the join (through) type, matched by identity
   * @param listener the receiver
   * @return the connection's handle
   * @throws NullPointerException if an argument is null
   */
  public Connection connect(Class<?> sender, Listener<? super M2MChanged<?>> listener) {
    return connectTyped(sender, null, listener);
  }

  /**
   * Connects a receiver for one join (through) type under a dispatch uid: a second connect with the
   * same uid and sender changes nothing.
   *
   * @param sender the join (through) type, matched by identity
   * @param dispatchUid the uid, not blank
   * @param listener the receiver
   * @return the connection's handle
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code dispatchUid} is blank
   */
  public Connection connect(
      Class<?> sender, String dispatchUid, Listener<? super M2MChanged<?>> listener) {
    return connectTyped(
        sender, java.util.Objects.requireNonNull(dispatchUid, "dispatchUid"), listener);
  }
}
