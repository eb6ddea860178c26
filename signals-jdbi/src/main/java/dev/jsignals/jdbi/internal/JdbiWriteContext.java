package dev.jsignals.jdbi.internal;

import dev.jsignals.core.WriteContext;
import dev.jsignals.jdbi.CommitScheduler;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link WriteContext} of a write made through a Jdbi handle. Confined to the write's thread,
 * as its handle is.
 */
final class JdbiWriteContext implements WriteContext {
  private static final Logger log = LoggerFactory.getLogger("dev.jsignals.jdbi.SignalsPlugin");
  private static final Set<String> LIBRARY = Set.of("dev.jsignals.core", "dev.jsignals.dispatch");
  private static final StackWalker WALKER = StackWalker.getInstance();

  private final Handle handle;
  private final CommitScheduler scheduler;
  private final String write;

  JdbiWriteContext(Handle handle, CommitScheduler scheduler, String write) {
    this.handle = handle;
    this.scheduler = scheduler;
    this.write = write;
  }

  @Override
  public <T> T attach(Class<T> extensionType) {
    return handle.attach(extensionType);
  }

  @Override
  public void onCommit(Runnable hook) {
    if (handle.isInTransaction()
        && !handle.getConfig(CommitHooks.class).firstInTransaction(handle, hook)) {
      return; // the same hook already runs after this transaction's commit
    }
    String origin = origin();
    scheduler.schedule(
        handle,
        () -> {
          try {
            hook.run();
          } catch (RuntimeException e) {
            log.error(
                "After-commit hook registered at {} during {} failed; the commit stands",
                origin,
                write,
                e);
          }
        });
  }

  /** Where the hook was registered: the first caller outside the library, such as a receiver. */
  private static String origin() {
    return WALKER.walk(
        frames ->
            frames
                .filter(
                    f -> {
                      String name = f.getClassName();
                      String pkg = name.substring(0, Math.max(0, name.lastIndexOf('.')));
                      return !pkg.equals("dev.jsignals.jdbi.internal") && !LIBRARY.contains(pkg);
                    })
                .findFirst()
                .map(
                    f -> {
                      String type = f.getClassName();
                      return type.substring(type.lastIndexOf('.') + 1)
                          + "."
                          + f.getMethodName()
                          + "("
                          + f.getFileName()
                          + ":"
                          + f.getLineNumber()
                          + ")";
                    })
                .orElse("an unknown place"));
  }

  @Override
  public <T> Optional<T> unwrap(Class<T> type) {
    return type.isInstance(handle) ? Optional.of(type.cast(handle)) : Optional.empty();
  }

  @Override
  public String toString() {
    return "JdbiWriteContext[" + write + ", " + handle + "]";
  }
}
