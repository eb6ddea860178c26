package dev.jsignals.jdbi;

import dev.jsignals.jdbi.internal.M2MHandler;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.jdbi.v3.core.extension.annotation.UseExtensionHandler;

/**
 * Declares a method that clears a many-to-many relation of an instance, as Django's {@code
 * clear()}: {@code m2m_changed} with {@code pre_clear} and {@code post_clear}, whose {@code pkSet}
 * is {@code null}, sent even when nothing was related.
 *
 * <p>The method takes the instance only, and returns {@code void} or {@code int} (the rows
 * deleted). It has no SQL annotation: the statements come from the relation declared by {@link
 * ManyToMany} on the through type.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@UseExtensionHandler(id = "SQL_OBJECT", value = M2MHandler.class)
public @interface M2MClear {

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
