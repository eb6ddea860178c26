package dev.jsignals.core;

import java.util.AbstractList;
import java.util.RandomAccess;
import org.jspecify.annotations.Nullable;

/**
 * The responses of one send, as a read-only list built lazily over the snapshot that was
 * dispatched: a send to a few void receivers allocates this object and nothing else.
 */
final class SendResult extends AbstractList<Response> implements RandomAccess {
  private final Entry[] snapshot;
  private int[] called;
  private int size;
  private @Nullable Object @Nullable [] values;
  private @Nullable Exception @Nullable [] errors;

  SendResult(Entry[] snapshot) {
    this.snapshot = snapshot;
    this.called = new int[Math.min(snapshot.length, 4)];
  }

  void add(int index, @Nullable Object value, @Nullable Exception error) {
    if (size == called.length) {
      called = java.util.Arrays.copyOf(called, snapshot.length);
    }
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
        snapshot[called[index]].info,
        values == null ? null : values[index],
        errors == null ? null : errors[index]);
  }

  @Override
  public int size() {
    return size;
  }
}
