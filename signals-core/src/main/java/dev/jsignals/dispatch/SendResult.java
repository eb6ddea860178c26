package dev.jsignals.dispatch;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.RandomAccess;
import org.jspecify.annotations.Nullable;

/**
 * The responses of one send, as a read-only list over the snapshot that was dispatched.
 *
 * <p>In the common case every matching receiver returned nothing and threw nothing: the list is
 * then <em>implicit</em>, its elements derived on access from the snapshot and a bit mask of the
 * entries called (snapshots of at most 64 entries), and the signal can hand the same list to the
 * next send that calls the same entries of the same snapshot. It refers to no sender and no event,
 * and only to entries the signal holds anyway. A send that meets a response, an error or a
 * collected weak receiver records the called entries explicitly.
 */
final class SendResult extends AbstractList<Response> implements RandomAccess {
  private final Entry[] snapshot;
  private final long mask;
  private int size;
  private int @Nullable [] called;
  private @Nullable Object @Nullable [] values;
  private @Nullable Exception @Nullable [] errors;

  private SendResult(Entry[] snapshot, long mask, int size, int @Nullable [] called) {
    this.snapshot = snapshot;
    this.mask = mask;
    this.size = size;
    this.called = called;
  }

  /**
   * The entries of {@code mask} were called and answered nothing.
   *
   * @param snapshot at most 64 entries
   */
  static SendResult implicit(Entry[] snapshot, long mask) {
    return new SendResult(snapshot, mask, Long.bitCount(mask), null);
  }

  /** Starts an explicit result whose first entries are the matching ones before {@code end}. */
  static SendResult explicitUpTo(Entry[] snapshot, Object sender, int end) {
    int[] called = new int[snapshot.length];
    int size = 0;
    for (int i = 0; i < end; i++) {
      if (snapshot[i].matches(sender)) {
        called[size++] = i;
      }
    }
    return new SendResult(snapshot, 0L, size, called);
  }

  boolean isImplicitFor(Entry[] snapshot, long mask) {
    return called == null && this.snapshot == snapshot && this.mask == mask;
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
        snapshot[position(index)],
        values == null ? null : values[index],
        errors == null ? null : errors[index]);
  }

  private int position(int index) {
    if (called != null) {
      return called[index];
    }
    long rest = mask;
    for (int i = 0; i < index; i++) {
      rest &= rest - 1;
    }
    return Long.numberOfTrailingZeros(rest);
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
