package dev.jsignals.jdbi.internal;

import dev.jsignals.core.Signals;
import dev.jsignals.jdbi.CommitScheduler;
import org.jdbi.v3.core.config.JdbiConfig;
import org.jspecify.annotations.Nullable;

/**
 * The Jdbi configuration that {@code SignalsPlugin} fills in. Applications install the plugin
 * rather than touching this class; it is public because Jdbi instantiates configuration classes.
 * Like every Jdbi configuration, it is copied for each handle and not shared between threads.
 */
public final class SignalsConfig implements JdbiConfig<SignalsConfig> {
  private @Nullable Signals signals;
  private String using = "default";
  private CommitScheduler scheduler = CommitScheduler.jdbi();

  /** Creates an empty configuration; Jdbi calls it. */
  public SignalsConfig() {}

  private SignalsConfig(SignalsConfig other) {
    this.signals = other.signals;
    this.using = other.using;
    this.scheduler = other.scheduler;
  }

  /**
   * Fills in the configuration; {@code SignalsPlugin} calls it.
   *
   * @param newSignals where events are sent
   * @param newUsing the database alias
   * @param newScheduler runs after-commit hooks
   */
  public void set(Signals newSignals, String newUsing, CommitScheduler newScheduler) {
    this.signals = newSignals;
    this.using = newUsing;
    this.scheduler = newScheduler;
  }

  Signals signals(String method) {
    Signals installed = signals;
    if (installed == null) {
      throw new IllegalStateException(
          method
              + " sends model signals, but this Jdbi has no SignalsPlugin: call"
              + " jdbi.installPlugin(new SignalsPlugin(signals)).");
    }
    return installed;
  }

  String using() {
    return using;
  }

  CommitScheduler scheduler() {
    return scheduler;
  }

  @Override
  public SignalsConfig createCopy() {
    return new SignalsConfig(this);
  }
}
