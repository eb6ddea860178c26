package dev.jsignals.jdbi;

import dev.jsignals.jdbi.internal.M2MHandler;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.jdbi.v3.core.extension.annotation.UseExtensionHandler;

/**
 * Declares a method that makes the related ids of an instance exactly the ids given, as Django's
 * {@code set()}: it removes the related ids not given ({@code pre_remove}/{@code post_remove} with
 * exactly those), then adds the ids given that were not related ({@code pre_add}/{@code post_add}
 * with exactly those); a step with no ids sends nothing. With {@link #clear()} it clears the
 * relation ({@code pre_clear}/{@code post_clear}) and then adds every id given. One transaction.
 *
 * <p>The method takes the instance and a {@code Collection} of ids, and returns {@code void} or
 * {@code int} (the rows deleted plus the rows inserted). It has no SQL annotation: the statements
 * come from the relation declared by {@link ManyToMany} on the through type.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@UseExtensionHandler(id = "SQL_OBJECT", value = M2MHandler.class)
public @interface M2MSet {

  /**
   * The through type, annotated {@link ManyToMany}: the sender of {@code m2m_changed}.
   *
   * @return the through type
   */
  Class<?> value();

  /**
   * Whether the instance is of the relation's {@link ManyToMany#related()} side (Django's {@code
   * reverse}).
   *
   * @return {@code true} from the side that does not declare the relation
   */
  boolean reverse() default false;

  /**
   * Whether to clear the relation first and add every id, as Django's {@code set(objs,
   * clear=True)}.
   *
   * @return {@code true} to clear, then add
   */
  boolean clear() default false;
}
