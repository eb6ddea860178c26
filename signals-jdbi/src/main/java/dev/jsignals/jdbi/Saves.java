package dev.jsignals.jdbi;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.jdbi.v3.core.extension.annotation.UseExtensionHandlerCustomizer;

/**
 * Marks a {@code @SqlUpdate} method as a Django-style save: the UPDATE runs first, and when it
 * matched no row the method named by {@link #insert()} runs; {@code post_save} says {@code created}
 * accordingly. The method returns {@code boolean}: {@code true} when it inserted.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@UseExtensionHandlerCustomizer(ModelWriteCustomizer.class)
public @interface Saves {

  /**
   * The model class: the sender of the signals. The method's first parameter of this type is the
   * instance.
   *
   * @return the model class
   */
  Class<?> value();

  /**
   * The name of a plain {@code @SqlUpdate} method of the same DAO, with the same parameters, that
   * inserts the row (with {@code @GetGeneratedKeys} to write the key back as {@link Inserts} does).
   *
   * @return the insert method's name
   */
  String insert();

  /**
   * Whether the {@code post_*} signal is sent robustly: each receiver runs in a savepoint of the
   * write's transaction; one that throws is rolled back to its savepoint and logged, and the write
   * commits with the other receivers' work. Needed on PostgreSQL, where a failed statement aborts
   * the whole transaction. {@code pre_*} is always strict: its failure aborts the write.
   *
   * @return whether receivers of {@code post_*} are isolated from each other
   */
  boolean robust() default false;
}
