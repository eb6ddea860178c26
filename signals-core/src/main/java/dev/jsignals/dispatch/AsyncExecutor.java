package dev.jsignals.dispatch;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The executor of {@link Signal#sendAsync(Object, Object)} when the caller names none: a new
 * virtual thread per task on JDK 21 and later, found through a method handle because the library is
 * compiled for JDK 17; on JDK 17, a bounded pool of daemon threads named {@code jsignals-async-N}
 * (at most twice the processors, at least 4, idle ones end after a minute) with an unbounded queue.
 * Created once, never shut down (its threads are daemons or virtual). Thread-safe.
 */
final class AsyncExecutor {
  static final ExecutorService DEFAULT = create();

  private AsyncExecutor() {}

  private static ExecutorService create() {
    try {
      return (ExecutorService)
          MethodHandles.publicLookup()
              .findStatic(
                  Executors.class,
                  "newVirtualThreadPerTaskExecutor",
                  MethodType.methodType(ExecutorService.class))
              .invoke();
    } catch (NoSuchMethodException | IllegalAccessException e) {
      return bounded();
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException("Cannot create the virtual-thread executor", t);
    }
  }

  private static ExecutorService bounded() {
    int threads = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
    AtomicInteger count = new AtomicInteger();
    ThreadFactory factory =
        task -> {
          Thread thread = new Thread(task, "jsignals-async-" + count.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        };
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            threads, threads, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>(), factory);
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }
}
