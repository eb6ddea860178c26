package dev.jsignals.jdbi;

import dev.jsignals.jdbi.internal.M2MHandler;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.jdbi.v3.core.extension.annotation.UseExtensionHandler;

/**
 * Declares a method that removes related ids from a many-to-many relation, as Django's {@code
 * remove()}: {@code m2m_changed} with {@code pre_remove} and {@code post_remove}, whose {@code
 * pkSet} holds every id given, related or not. An empty collection of ids sends nothing and runs no
 * SQL.
 *
 * <p>The method takes the instance and a {@code Collection} of ids, and returns {@code void} or
 * {@code int} (the rows deleted). It has no SQL annotation: the statements come from the relation
 * declared by {@link ManyToMany} on the through type.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@UseExtensionHandler(id = "SQL_OBJECT", value = M2MHandler.class)
public @interface M2MRemove {

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
}
