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

  /** What happens to the rows that refer to a deleted row: Django's {@code on_delete}. */
  enum OnDelete {
    /** They are deleted too, with their own signals and the same {@code origin}. */
    CASCADE,
    /** The delete is refused, naming the rows, and nothing is deleted: Django's {@code PROTECT}. */
    PROTECT,
    /**
     * Their reference is cleared by an UPDATE ({@link Dependent#delete()} holds it); they get no
     * signals: Django's {@code SET_NULL}.
     */
    SET_NULL
  }

  /**
   * One kind of row that refers to the instance or to another dependent: a user's profile, a
   * profile's images. Dependents of dependents are declared in the same list with {@link #of()}, to
   * any depth; a cycle is refused when the DAO is attached.
   */
  @Documented
  @Retention(RetentionPolicy.RUNTIME)
  @Target({})
  @interface Dependent {
    /**
     * The dependent model class: the sender of its delete signals. Each model appears once.
     *
     * @return the class, mapped from the rows by {@code select} (a bean or a record)
     */
    Class<?> model();

    /**
     * The model whose rows these rows refer to: the deleted model (the default, {@code Void.class})
     * or the model of another {@code CASCADE} dependent.
     *
     * @return the parent model
     */
    Class<?> of() default Void.class;

    /**
     * Selects the dependent rows of one parent row; binds the parent's properties, such as {@code
     * :id}. Needed for {@code CASCADE} and {@code PROTECT}.
     *
     * @return the SELECT statement
     */
    String select() default "";

    /**
     * Deletes the dependent rows of one parent row ({@code CASCADE}), or clears their reference to
     * it ({@code SET_NULL}, an UPDATE); binds the parent's properties, such as {@code :id}.
     *
     * @return the DELETE or UPDATE statement
     */
    String delete() default "";

    /**
     * What happens to these rows.
     *
     * @return {@code CASCADE} unless told
     */
    OnDelete onDelete() default OnDelete.CASCADE;
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
