package dev.jsignals.dispatch;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.RandomAccess;
import org.jspecify.annotations.Nullable;

/**
 * The responses of one send, as a read-only list over the snapshot that was dispatched.
 *
 * <p>In the common case every matching receiver returned nothing and threw nothing: the list is
 * then <em>implicit</em>, its elements derived on access from the snapshot and the sender, and the
 * signal can hand the same list to the next send with the same snapshot and sender. A send that
 * meets a response, an error or a collected weak receiver records the called entries explicitly.
 */
final class SendResult extends AbstractList<Response> implements RandomAccess {
  private final Entry[] snapshot;
  private final Object sender;
  private int size;
  private int @Nullable [] called;
  private @Nullable Object @Nullable [] values;
  private @Nullable Exception @Nullable [] errors;

  private SendResult(Entry[] snapshot, Object sender, int size, int @Nullable [] called) {
    this.snapshot = snapshot;
    this.sender = sender;
    this.size = size;
    this.called = called;
  }

  /** Every receiver of {@code sender} in the snapshot was called and answered nothing. */
  static SendResult implicit(Entry[] snapshot, Object sender, int size) {
    return new SendResult(snapshot, sender, size, null);
  }

  /** Starts an explicit result whose first entries are the matching ones before {@code end}. */
  static SendResult explicitUpTo(Entry[] snapshot, Object sender, int end) {
    int[] called = new int[snapshot.length];
    int size = 0;
    for (int i = 0; i < end; i++) {
      if (matches(snapshot[i], sender)) {
        called[size++] = i;
      }
    }
    return new SendResult(snapshot, sender, size, called);
  }

  boolean isImplicitFor(Entry[] snapshot, Object sender, int size) {
    return called == null
        && this.snapshot == snapshot
        && this.sender == sender
        && this.size == size;
  }

  void add(int index, @Nullable Object value, @Nullable Exception error) {
    if (value != null) {
      if (values == null) {
        values = new Object[snapshot.length];
      }
      values[size] = value;
    }
    if (error != null) {
      if (errors == null) {
        errors = new Exception[snapshot.length];
      }
      errors[size] = error;
    }
    called[size++] = index;
  }

  @Override
  public Response get(int index) {
    if (index < 0 || index >= size) {
      throw new IndexOutOfBoundsException("index " + index + " of " + size + " responses");
    }
    return new Response(
        snapshot[position(index)].info,
        values == null ? null : values[index],
        errors == null ? null : errors[index]);
  }

  private int position(int index) {
    if (called != null) {
      return called[index];
    }
    int seen = -1;
    for (int i = 0; i < snapshot.length; i++) {
      if (matches(snapshot[i], sender) && ++seen == index) {
        return i;
      }
    }
    throw new IllegalStateException("snapshot changed under an implicit result");
  }

  private static boolean matches(Entry entry, Object sender) {
    return entry.sender == Signal.ANY || entry.sender == sender;
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public String toString() {
    return Arrays.toString(toArray());
  }
}
