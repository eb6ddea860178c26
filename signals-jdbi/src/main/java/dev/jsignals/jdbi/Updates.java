package dev.jsignals.jdbi;

import dev.jsignals.jdbi.internal.ModelWriteCustomizer;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.jdbi.v3.core.extension.annotation.UseExtensionHandlerCustomizer;

/**
 * Marks a {@code @SqlUpdate} method as an update of a model instance: {@code pre_save}, the
 * statement, then {@code post_save} with {@code created = false}, in one transaction.
 *
 * <p>{@code updateFields} comes from {@link #fields()} or from a parameter annotated {@link
 * UpdateFields}. An empty set skips the statement and both signals, as Django's {@code
 * save(update_fields=[])} does.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@UseExtensionHandlerCustomizer(ModelWriteCustomizer.class)
public @interface Updates {

  /**
   * The model class: the sender of the signals. The method's first parameter of this type is the
   * instance.
   *
   * @return the model class
   */
  Class<?> value();

  /**
   * The fields the statement updates: the events' {@code updateFields}. Empty (the default) means
   * all fields, unless a parameter annotated {@link UpdateFields} gives them.
   *
   * @return the field names
   */
  String[] fields() default {};

  /**
   * Whether the {@code post_*} signal is sent robustly: each receiver runs in a savepoint of the
   * write's transaction; one that throws is rolled back to its savepoint and logged, and the write
   * commits with the other receivers' work. Needed on PostgreSQL, where a failed statement aborts
   * the whole transaction. {@code pre_*} is always strict: its failure aborts the write.
   *
   * @return whether receivers of {@code post_*} are isolated from each other
   */
  boolean robust() default false;

  /**
   * Whether the write is raw, as Django's fixture loading saves: the events say {@code raw = true},
   * so that receivers can skip work that the loaded rows already hold (a profile, a counter). The
   * statement runs as written.
   *
   * @return whether the events are raw
   */
  boolean raw() default false;
}
