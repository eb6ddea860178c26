package dev.jsignals.jdbi;

import dev.jsignals.jdbi.internal.ModelWriteCustomizer;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.jdbi.v3.core.extension.annotation.UseExtensionHandlerCustomizer;

/**
 * Marks a {@code @SqlUpdate} method as a save that may insert or update, decided as Django's {@code
 * save()}: an instance without a key ({@code null}, or zero in a primitive key) is inserted at
 * once; otherwise the UPDATE runs, and when it matched no row the method named by {@link #insert()}
 * runs. {@code post_save} says {@code created} accordingly, and the method returns {@code boolean}:
 * {@code true} when it inserted.
 *
 * <p>A parameter marked {@link UpdateFields} gives the events' {@code updateFields}: an empty set
 * skips the write and both signals, and a save naming fields whose UPDATE matched no row fails
 * (nothing is inserted), as in Django.
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

  /**
   * Whether the write is raw, as Django's fixture loading saves: the events say {@code raw = true},
   * so that receivers can skip work that the loaded rows already hold (a profile, a counter). The
   * statement runs as written.
   *
   * @return whether the events are raw
   */
  boolean raw() default false;
}
