package dev.jsignals.jdbi;

import dev.jsignals.core.Signals;
import dev.jsignals.jdbi.internal.MissingStatementFactory;
import dev.jsignals.jdbi.internal.SignalsConfig;
import java.util.Objects;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.extension.Extensions;
import org.jdbi.v3.core.spi.JdbiPlugin;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;

/**
 * Connects a {@link Signals} instance to a {@link Jdbi}: the annotated SQL Object methods of that
 * Jdbi send their model signals through it. It installs Jdbi's {@link SqlObjectPlugin}, which its
 * annotations need, unless it is installed already (installing both, in either order, is the same).
 *
 * <pre>{@code
 * Jdbi jdbi = Jdbi.create(SqliteDataSources.file(path))
 *     .installPlugin(new SqlObjectPlugin())
 *     .installPlugin(new SignalsPlugin(signals));
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class SignalsPlugin implements JdbiPlugin {
  private final Signals signals;
  private final String using;
  private final CommitScheduler scheduler;

  /**
   * A plugin whose events say {@code using = "default"}.
   *
   * @param signals where the events are sent
   */
  public SignalsPlugin(Signals signals) {
    this(signals, "default");
  }

  /**
   * A plugin for a database with an alias (Django's {@code using}).
   *
   * @param signals where the events are sent
   * @param using the alias the events carry
   * @throws IllegalArgumentException if {@code using} is blank
   */
  public SignalsPlugin(Signals signals, String using) {
    this(signals, using, CommitScheduler.jdbi());
  }

  private SignalsPlugin(Signals signals, String using, CommitScheduler scheduler) {
    this.signals = Objects.requireNonNull(signals, "signals");
    this.using = Objects.requireNonNull(using, "using");
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    if (using.isBlank()) {
      throw new IllegalArgumentException("using must not be blank, for example \"default\"");
    }
  }

  /**
   * Returns a copy that schedules after-commit hooks with another scheduler.
   *
   * @param commitScheduler the scheduler; {@link CommitScheduler#jdbi()} by default
   * @return the new plugin
   */
  public SignalsPlugin withCommitScheduler(CommitScheduler commitScheduler) {
    return new SignalsPlugin(signals, using, commitScheduler);
  }

  @Override
  public void customizeJdbi(Jdbi jdbi) {
    jdbi.installPlugin(new SqlObjectPlugin()); // a singleton plugin: a second install is a no-op
    jdbi.getConfig(SignalsConfig.class).set(signals, using, scheduler);
    jdbi.getConfig(Extensions.class).registerHandlerFactory(new MissingStatementFactory());
  }
}
