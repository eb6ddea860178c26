package dev.jsignals.jdbi;

import java.lang.reflect.Method;
import org.jdbi.v3.core.extension.AttachedExtensionHandler;
import org.jdbi.v3.core.extension.ExtensionHandler;
import org.jdbi.v3.core.extension.ExtensionHandlerCustomizer;

/**
 * Wraps the SQL Object handler of a method marked {@link Inserts}, {@link Updates}, {@link Saves}
 * or {@link Deletes} so that it sends its model signals. Jdbi instantiates it; applications never
 * use it directly.
 */
public final class ModelWriteCustomizer implements ExtensionHandlerCustomizer {

  /** Creates the customizer; Jdbi calls it. */
  public ModelWriteCustomizer() {}

  @Override
  public ExtensionHandler customize(ExtensionHandler delegate, Class<?> type, Method method) {
    ModelWrite write = ModelWrite.of(type, method);
    return (config, target) -> {
      AttachedExtensionHandler attached = delegate.attachTo(config, target);
      return (handles, args) -> write.invoke(attached, handles, target, args);
    };
  }
}
