package dev.jsignals.dispatch;

import java.lang.ref.WeakReference;
import org.jspecify.annotations.Nullable;

/**
 * The connections of a signal as one send reads them: the entries and, when every one is a plain
 * {@link Listener} (the common shape; at most 64 of them) and no interceptor is installed, the same
 * connections split into parallel arrays, so that the send's loop is a loop of interface calls with
 * one weak-sender test each (see {@link Dispatch#plain}). Immutable; built under the registry's
 * lock, read by sends without one. It refers only to what the entries refer to.
 */
final class Snapshot {
  static final Snapshot EMPTY = new Snapshot(new Entry[0], null);

  final Entry[] entries;

  /**
   * The signal's interceptor, or null. A snapshot with one has no {@link #listeners}, so the fast
   * loop of plain listeners never reads it: a signal without an interceptor pays nothing for it.
   */
  final @Nullable SignalInterceptor interceptor;

  /** Each entry's listener, or null when some entry is of another shape or there are over 64. */
  final Listener<Object> @Nullable [] listeners;

  /** Each entry's weakly held sender, null in a slot for "any sender"; null with listeners. */
  final @Nullable WeakReference<Object> @Nullable [] senders;

  /**
   * When every entry listens to one and the same sender (or to any), the weak reference of one of
   * them: a send from that sender calls every entry, and tests the sender once instead of once per
   * receiver (the references of one referent are cleared together). Null otherwise.
   */
  final @Nullable WeakReference<Object> oneSender;

  /** Whether every entry listens to any sender: a send calls every entry. */
  final boolean anySender;

  /** The mask of a send that called every entry, and its response list (all silent), made once. */
  final long all;

  final @Nullable SendResult allSilent;

  @SuppressWarnings("unchecked")
  Snapshot(Entry[] entries, @Nullable SignalInterceptor interceptor) {
    this.entries = entries;
    this.interceptor = interceptor;
    Listener<Object>[] calls = (Listener<Object>[]) new Listener<?>[entries.length];
    WeakReference<Object>[] from = (WeakReference<Object>[]) new WeakReference<?>[entries.length];
    boolean plain = interceptor == null && entries.length > 0 && entries.length <= Long.SIZE;
    for (int i = 0; plain && i < entries.length; i++) {
      calls[i] = entries[i].listener();
      from[i] = entries[i].sender;
      plain = calls[i] != null;
    }
    WeakReference<Object> one = null;
    boolean uniform = plain;
    for (int i = 0; uniform && i < entries.length; i++) {
      if (from[i] != null) {
        Object referent = from[i].get();
        uniform = referent != null && (one == null || one.refersTo(referent));
        one = uniform && one == null ? from[i] : one;
      }
    }
    this.oneSender = uniform ? one : null;
    this.anySender = uniform && one == null;
    this.listeners = plain ? calls : null;
    this.senders = plain ? from : null;
    this.all = plain ? -1L >>> (Long.SIZE - entries.length) : 0L;
    this.allSilent = plain ? SendResult.implicit(entries, all) : null;
  }
}
