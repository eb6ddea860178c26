package dev.jsignals.dispatch;

import org.jspecify.annotations.Nullable;

/**
 * What a connection is, for listings, logs and error messages; a {@link Connection} exposes it.
 *
 * @param signal the name of the signal
 * @param receiver a readable name of the receiver: {@code com.example.Receivers#onSave} for an
 *     annotated method, the connect call site for a lambda, else the receiver's class
 * @param sender the sender the receiver listens to, or {@code null} for any sender
 * @param dispatchUid the uid given at connect time, or {@code null}
 * @param weak whether the receiver's owner is held weakly
 * @param declaredAt where the connection was made ({@code Class.method(File.java:42)}), or the
 *     annotated method
 */
record ConnectionInfo(
    String signal,
    String receiver,
    @Nullable Object sender,
    @Nullable String dispatchUid,
    boolean weak,
    String declaredAt) {

  @Override
  public String toString() {
    return receiver
        + " <- "
        + signal
        + (sender == null ? " (any sender)" : " (sender " + Signal.describe(sender) + ")")
        + (dispatchUid == null ? "" : " [uid " + dispatchUid + "]")
        + (weak ? " [weak]" : "");
  }
}
