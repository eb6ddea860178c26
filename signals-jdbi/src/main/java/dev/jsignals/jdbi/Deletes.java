package dev.jsignals.jdbi;

import dev.jsignals.jdbi.internal.ModelWriteCustomizer;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.jdbi.v3.core.extension.annotation.UseExtensionHandlerCustomizer;

/**
 * Marks a {@code @SqlUpdate} method as a delete of a model instance: {@code pre_delete}, the
 * statement, then {@code post_delete}, in one transaction, with {@code origin} the instance.
 *
 * <p>{@link #dependents()} are deleted with it, in the order of Django's deletion collector: first
 * {@code pre_delete} for every dependent (each model's rows in ascending key order) and then for
 * the instance; then, model by model, dependents first, the {@code DELETE} followed by {@code
 * post_delete} for its rows in descending key order; the instance last. Every event has the same
 * {@code origin}. Rows that the database deletes by itself ({@code ON DELETE CASCADE}) get no
 * signals: declare them here instead.
 *
 * <p>The instance is left as it was: Django sets a deleted instance's key to {@code None}, but a
 * record cannot change and a primitive key cannot be null, so no instance is changed.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@UseExtensionHandlerCustomizer(ModelWriteCustomizer.class)
public @interface Deletes {

  /**
   * The model class: the sender of the signals. The method's first parameter of this type is the
   * instance.
   *
   * @return the model class
   */
  Class<?> value();

  /**
   * The rows deleted with the instance.
   *
   * @return the dependents, in the order they are deleted
   */
  Dependent[] dependents() default {};

  /** One kind of row deleted with the instance, for example a user's profile. */
  @Documented
  @Retention(RetentionPolicy.RUNTIME)
  @Target({})
  @interface Dependent {
    /**
     * The dependent model class: the sender of its delete signals.
     *
     * @return the class, mapped from the rows by {@code select} (a bean or a record)
     */
    Class<?> model();

    /**
     * Selects the dependent rows; binds the instance's properties, such as {@code :id}.
     *
     * @return the SELECT statement
     */
    String select();

    /**
     * Deletes the dependent rows; binds the instance's properties, such as {@code :id}.
     *
     * @return the DELETE statement
     */
    String delete();
  }

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
