package dev.jsignals.jdbi;

import dev.jsignals.jdbi.internal.BulkDeleteHandler;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.jdbi.v3.core.extension.annotation.UseExtensionHandler;

/**
 * Declares a method that deletes the rows a condition selects, as Django's {@code
 * QuerySet.delete()}: in one transaction it selects the instances with {@link #select()} (binding
 * the method's parameters by their {@code @Bind} names or, compiled with {@code -parameters}, their
 * own names), collects their {@link #dependents()}, sends {@code pre_delete} and {@code
 * post_delete} for every row in the order {@link Deletes} describes (the instances in ascending key
 * order, then descending), runs {@link #delete()} once per instance, and returns the rows deleted
 * per model as {@link DeletedRows}.
 *
 * <p>The events' {@code origin} is the unmodifiable list of the selected instances (Django's is the
 * QuerySet). The method has no SQL annotation.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@UseExtensionHandler(id = "SQL_OBJECT", value = BulkDeleteHandler.class)
public @interface BulkDeletes {

  /**
   * The model class: the sender of the signals, mapped from the selected rows (a bean or a record).
   *
   * @return the model class
   */
  Class<?> value();

  /**
   * Selects the rows to delete; binds the method's parameters.
   *
   * @return the SELECT statement
   */
  String select();

  /**
   * Deletes one instance; binds its properties, such as {@code :id}.
   *
   * @return the DELETE statement
   */
  String delete();

  /**
   * The rows deleted with each instance, declared as for {@link Deletes#dependents()}.
   *
   * @return the dependents
   */
  Deletes.Dependent[] dependents() default {};

  /**
   * Whether the {@code post_delete} signals are sent robustly, each receiver in a savepoint, as
   * {@link Deletes#robust()}.
   *
   * @return whether receivers of {@code post_delete} are isolated from each other
   */
  boolean robust() default false;
}
