package dev.jsignals.dispatch;

import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connections of one signal, as a copy-on-write array: changes copy it under a lock, sends read
 * the current array once and never lock. Entries whose weak owner or sender the collector reports
 * are swept on the next change or listing. Thread-safe.
 */
final class Registry {
  private static final Logger log = LoggerFactory.getLogger(Signal.class);
  private static final Entry[] NONE = Snapshot.EMPTY.entries;

  private final Object lock = new Object();
  private final ReferenceQueue<Object> collected = new ReferenceQueue<>();
  private volatile Entry[] entries = NONE;

  /** The entries as a send reads them; replaced together with {@link #entries}. */
  private volatile Snapshot view = Snapshot.EMPTY;

  /**
   * The last all-silent result over the current array, handed again to the next send that calls the
   * same entries; cleared whenever the array changes, so it holds nothing the signal does not.
   */
  private volatile @Nullable SendResult lastImplicit;

  /** The interceptor the next snapshots carry; written under the lock. */
  private volatile @Nullable SignalInterceptor interceptor;

  Entry[] snapshot() {
    return entries;
  }

  /** {@return the entries as a send reads them, with the plain listeners' fast form} */
  Snapshot view() {
    return view;
  }

  @Nullable SignalInterceptor interceptor() {
    return interceptor;
  }

  /** Installs (or, with null, removes) the interceptor, for the sends that read the next view. */
  void intercept(@Nullable SignalInterceptor next) {
    synchronized (lock) {
      interceptor = next;
      replace(entries);
    }
  }

  ReferenceQueue<Object> queue() {
    return collected;
  }

  /** {@return the cached silent result for these entries and mask, caching a new one} */
  SendResult implicit(Entry[] snapshot, long mask) {
    SendResult last = lastImplicit;
    if (last == null || !last.isImplicitFor(snapshot, mask)) {
      last = SendResult.implicit(snapshot, mask);
      if (snapshot == entries) {
        lastImplicit = last;
      }
    }
    return last;
  }

  /** Adds the entry, or returns the handle of the equal entry already in place. */
  Connection add(Entry candidate) {
    synchronized (lock) {
      sweep();
      for (Entry entry : entries) {
        // An entry whose owner or sender is cleared but not yet enqueued is dead: it must not win.
        if (entry.isLive() && entry.sameKey(candidate)) {
          log.debug("{} is already connected; the connect changed nothing", entry);
          return new DuplicateConnection(entry);
        }
      }
      Duplicates.warnIfProbable(entries, candidate);
      Entry[] grown = Arrays.copyOf(entries, entries.length + 1);
      grown[entries.length] = candidate;
      replace(grown);
      return candidate;
    }
  }

  boolean remove(Entry entry) {
    synchronized (lock) {
      sweep();
      int index = Arrays.asList(entries).indexOf(entry);
      if (index < 0) {
        return false;
      }
      removeAt(index);
      return true;
    }
  }

  /** Removes the live entry of {@code sender} (null: any) with this receiver or uid. */
  boolean remove(@Nullable Object sender, @Nullable Object receiver, @Nullable String uid) {
    synchronized (lock) {
      sweep();
      Object identity = receiver == null ? null : Duplicates.identityOf(receiver);
      Entry[] current = entries;
      for (int i = 0; i < current.length; i++) {
        Entry entry = current[i];
        boolean same = uid != null ? uid.equals(entry.uid) : entry.isReceiver(receiver, identity);
        if (same && entry.listensTo(sender) && entry.isLive()) {
          removeAt(i);
          return true;
        }
      }
      return false;
    }
  }

  boolean contains(Entry entry) {
    for (Entry e : entries) {
      if (e == entry) {
        return true;
      }
    }
    return false;
  }

  /** {@return whether a live entry would be called by a send from {@code sender} (null: any)} */
  boolean hasLive(@Nullable Object sender) {
    for (Entry entry : entries) {
      if ((sender == null || entry.matches(sender)) && entry.isLive()) {
        return true;
      }
    }
    return false;
  }

  List<Connection> live() {
    synchronized (lock) {
      sweep();
      return Arrays.stream(entries).filter(Entry::isLive).<Connection>map(e -> e).toList();
    }
  }

  int size() {
    return entries.length;
  }

  private void removeAt(int index) {
    Entry[] current = entries;
    Entry[] shrunk = new Entry[current.length - 1];
    System.arraycopy(current, 0, shrunk, 0, index);
    System.arraycopy(current, index + 1, shrunk, index, current.length - index - 1);
    replace(shrunk.length == 0 ? NONE : shrunk);
  }

  private void replace(Entry[] next) {
    entries = next;
    view = next.length == 0 ? Snapshot.EMPTY : new Snapshot(next, interceptor);
    lastImplicit = null;
  }

  /**
   * Removes the entries whose weak owner or sender the GC has reported collected. Holds the lock.
   */
  private void sweep() {
    Reference<?> dead;
    while ((dead = collected.poll()) != null) {
      Entry[] current = entries;
      for (int i = 0; i < current.length; i++) {
        if (current[i].holds(dead)) {
          log.debug("Swept {}: its owner or sender was garbage collected", current[i]);
          removeAt(i);
          break;
        }
      }
    }
  }
}
