package dev.jsignals.jdbi;

import dev.jsignals.core.WriteContext;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@link WriteContext} of a write made through a Jdbi handle. */
final class JdbiWriteContext implements WriteContext {
  private static final Logger log = LoggerFactory.getLogger(SignalsPlugin.class);

  private final Handle handle;
  private final CommitScheduler scheduler;

  JdbiWriteContext(Handle handle, CommitScheduler scheduler) {
    this.handle = handle;
    this.scheduler = scheduler;
  }

  @Override
  public <T> T attach(Class<T> extensionType) {
    return handle.attach(extensionType);
  }

  @Override
  public void onCommit(Runnable hook) {
    scheduler.schedule(
        handle,
        () -> {
          try {
            hook.run();
          } catch (RuntimeException e) {
            log.error("After-commit hook {} failed; the commit stands", hook, e);
          }
        });
  }

  @Override
  public <T> Optional<T> unwrap(Class<T> type) {
    return type.isInstance(handle) ? Optional.of(type.cast(handle)) : Optional.empty();
  }

  @Override
  public String toString() {
    return "JdbiWriteContext[" + handle + "]";
  }
}
