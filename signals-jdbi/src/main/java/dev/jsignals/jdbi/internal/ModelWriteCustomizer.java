package dev.jsignals.jdbi.internal;

import java.lang.reflect.Method;
import org.jdbi.v3.core.extension.ExtensionHandler;
import org.jdbi.v3.core.extension.ExtensionHandlerCustomizer;

/**
 * Wraps the SQL Object handler of a method marked {@code @Inserts}, {@code @Updates}, {@code Saves}
 * or {@code @Deletes} so that it sends its model signals. The method is checked when the DAO is
 * attached. Jdbi instantiates it; applications never use it. Stateless and thread-safe.
 */
public final class ModelWriteCustomizer implements ExtensionHandlerCustomizer {

  /** Creates the customizer; Jdbi calls it. */
  public ModelWriteCustomizer() {}

  @Override
  public ExtensionHandler customize(ExtensionHandler delegate, Class<?> type, Method method) {
    ModelWrite write = ModelWrite.of(type, method);
    return (config, target) ->
        new ModelWriteHandler(write, delegate.attachTo(config, target), target);
  }
}
