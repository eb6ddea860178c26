package dev.jsignals.jdbi.internal;

import dev.jsignals.jdbi.Deletes;
import dev.jsignals.jdbi.Inserts;
import dev.jsignals.jdbi.Saves;
import dev.jsignals.jdbi.Updates;
import java.lang.reflect.Method;
import java.util.Optional;
import java.util.stream.Stream;
import org.jdbi.v3.core.extension.ExtensionHandler;
import org.jdbi.v3.core.extension.ExtensionHandlerFactory;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlCall;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlScript;
import org.jdbi.v3.sqlobject.statement.SqlScripts;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * Catches a method marked {@code @Inserts}, {@code @Updates}, {@code @Saves} or {@code @Deletes}
 * that has no statement, which Jdbi would otherwise report as a method without a handler: the DAO
 * fails to attach with an error that names the method and the annotation to add. Stateless.
 */
public final class MissingStatementFactory implements ExtensionHandlerFactory {

  /** Creates the factory; {@code SignalsPlugin} registers it. */
  public MissingStatementFactory() {}

  @Override
  public boolean accepts(Class<?> extensionType, Method method) {
    return Stream.of(Inserts.class, Updates.class, Saves.class, Deletes.class)
            .anyMatch(method::isAnnotationPresent)
        && Stream.of(
                SqlUpdate.class,
                SqlBatch.class,
                SqlQuery.class,
                SqlCall.class,
                SqlScript.class,
                SqlScripts.class)
            .noneMatch(method::isAnnotationPresent);
  }

  @Override
  public Optional<ExtensionHandler> createExtensionHandler(Class<?> extensionType, Method method) {
    ModelWrite.of(extensionType, method); // refuses it, naming the annotation to add
    throw ModelWrite.refuse(method, "has no SQL statement: add @SqlUpdate");
  }
}
