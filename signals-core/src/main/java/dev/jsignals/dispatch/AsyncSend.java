package dev.jsignals.dispatch;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One asynchronous send (see {@link AsyncSends}): the receivers it calls, their results as they
 * arrive, and the future it completes. Each slot is written once, by the one thread that settles
 * that receiver; the counter's decrement publishes the slots to the thread that completes the
 * future. Thread-safe.
 */
final class AsyncSend {
  private static final Logger log = LoggerFactory.getLogger(Signal.class);

  private final Signal<?> signal;
  private final Object sender;
  private final Object event;
  private final boolean robust;
  private final Entry[] entries;
  private final @Nullable SignalInterceptor interceptor;
  private final @Nullable Object[] values;
  private final @Nullable Exception[] errors;
  private final boolean[] dead;
  private final AtomicReferenceArray<CompletableFuture<?>> stages;
  private final AtomicInteger pending = new AtomicInteger();
  private final CompletableFuture<List<Response>> result = new CompletableFuture<>();

  private AsyncSend(
      Signal<?> signal, Object sender, Object event, boolean robust, Entry[] entries) {
    this.signal = signal;
    this.sender = sender;
    this.event = event;
    this.robust = robust;
    this.entries = entries;
    this.interceptor = signal.registry().interceptor();
    this.values = new Object[entries.length];
    this.errors = new Exception[entries.length];
    this.dead = new boolean[entries.length];
    this.stages = new AtomicReferenceArray<>(entries.length);
  }

  static CompletableFuture<List<Response>> start(
      Signal<?> signal, Object sender, Object event, Executor executor, boolean robust) {
    Objects.requireNonNull(sender, "sender");
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(executor, "executor");
    if (DispatchStack.anyMuted() && Mutes.held(signal, sender, event)) {
      return CompletableFuture.completedFuture(List.of());
    }
    List<Entry> matching = new ArrayList<>();
    for (Entry entry : signal.registry().snapshot()) {
      if (entry.matches(sender)) {
        matching.add(entry);
      }
    }
    if (matching.isEmpty()) {
      return CompletableFuture.completedFuture(List.of());
    }
    AsyncSend send = new AsyncSend(signal, sender, event, robust, matching.toArray(new Entry[0]));
    send.run(executor);
    return send.result;
  }

  private void run(Executor executor) {
    boolean anySync = false;
    int count = 1; // held by this method until every receiver is started
    for (Entry entry : entries) {
      if (entry.async() != null) {
        count++;
      } else {
        anySync = true;
      }
    }
    pending.set(count + (anySync ? 1 : 0));
    result.whenComplete((responses, failure) -> stopOutstanding());
    try {
      guarded(this::startAsync);
      if (anySync) {
        try {
          executor.execute(() -> guarded(this::runSync));
        } catch (RejectedExecutionException e) {
          fail(new SignalException("The executor of signal '" + signal.name() + "' refused", e));
        }
      }
    } catch (RuntimeException | Error e) {
      fail(e);
    } finally {
      arrive();
    }
  }

  /** Calls the asynchronous receivers in connection order and watches their stages. */
  private void startAsync() {
    for (int i = 0; i < entries.length; i++) {
      AsyncListener<Object> receiver = entries[i].async();
      if (receiver == null) {
        continue;
      }
      int slot = i;
      CompletableFuture<?> stage;
      try {
        stage = AsyncWait.started(entries[i], receiver.receive(event));
      } catch (RecursionStop e) {
        e.addFrame(signal.name(), sender, entries[i].receiver());
        throw e;
      } catch (Exception e) {
        settle(slot, null, e);
        continue;
      }
      stages.set(slot, stage);
      if (result.isDone()) {
        stage.cancel(true); // completed while this stage was starting: stopOutstanding missed it
      }
      stage.whenComplete((value, failure) -> settle(slot, value, failure));
    }
  }

  /** Calls the synchronous receivers in connection order, on the executor's thread. */
  private void runSync() {
    try {
      for (int i = 0; i < entries.length && !result.isDone(); i++) {
        if (entries[i].async() != null) {
          continue;
        }
        try {
          Object value = Dispatch.call(entries[i], sender, event, null, interceptor);
          if (value == Entry.DEAD) {
            dead[i] = true;
          } else {
            values[i] = value;
          }
        } catch (RecursionStop e) {
          e.addFrame(signal.name(), sender, entries[i].receiver());
          throw e;
        } catch (Exception e) {
          if (!record(i, e)) {
            return;
          }
        }
      }
    } catch (RuntimeException | Error e) {
      fail(e);
    } finally {
      arrive();
    }
  }

  /**
   * Runs part of the send inside the recursion guard of the current thread, if the signal has one.
   */
  private void guarded(Runnable part) {
    if (signal.maxRecursionDepth() == 0) {
      part.run();
      return;
    }
    Object subject = signal.subjectOf(event);
    DispatchStack stack = DispatchStack.current();
    int frame = stack.enter(signal, sender, subject);
    try {
      part.run();
    } finally {
      stack.exit(frame);
    }
  }

  private void settle(int slot, @Nullable Object value, @Nullable Throwable failure) {
    try {
      if (failure == null) {
        values[slot] = value;
      } else {
        Throwable cause = AsyncWait.unwrap(failure);
        if (cause instanceof Exception e && !(e instanceof RecursionStop)) {
          record(slot, e);
        } else {
          fail(cause);
        }
      }
    } finally {
      arrive();
    }
  }

  /**
   * Records a receiver's exception in a robust send, or fails the send with it.
   *
   * @return false if the send failed
   */
  private boolean record(int slot, Exception e) {
    if (!robust) {
      fail(e instanceof RuntimeException ? e : wrap(slot, e));
      return false;
    }
    if (!result.isDone()) {
      log.error("Receiver {} of signal '{}' failed", entries[slot].receiver(), signal.name(), e);
    }
    errors[slot] = e;
    return true;
  }

  private SignalException wrap(int slot, Exception e) {
    return new SignalException(
        "Receiver " + entries[slot].receiver() + " of signal '" + signal.name() + "' threw " + e,
        e);
  }

  private void fail(Throwable failure) {
    result.completeExceptionally(failure);
  }

  private void arrive() {
    if (pending.decrementAndGet() == 0 && !result.isDone()) {
      List<Response> responses = new ArrayList<>(entries.length);
      for (int i = 0; i < entries.length; i++) {
        if (!dead[i]) {
          responses.add(new Response(entries[i], values[i], errors[i]));
        }
      }
      result.complete(List.copyOf(responses));
    }
  }

  /** Once the future is complete, cancels the stages still running. */
  private void stopOutstanding() {
    for (int i = 0; i < stages.length(); i++) {
      CompletableFuture<?> stage = stages.get(i);
      if (stage != null && !stage.isDone()) {
        stage.cancel(true);
      }
    }
  }
}
