package dev.jsignals.jdbi;

import dev.jsignals.jdbi.internal.M2MHandler;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.jdbi.v3.core.extension.annotation.UseExtensionHandler;

/**
 * Declares a method that adds related ids to a many-to-many relation, as Django's {@code add()}:
 * {@code m2m_changed} with {@code pre_add} and {@code post_add}, whose {@code pkSet} holds only the
 * ids not already related (found with one SELECT); only those rows are inserted. Ids that are all
 * related already still send both signals, with an empty {@code pkSet}; an empty collection of ids
 * sends nothing and runs no SQL.
 *
 * <p>The method takes the instance and a {@code Collection} of ids, and returns {@code void} or
 * {@code int} (the rows inserted). It has no SQL annotation: the statements come from the relation
 * declared by {@link ManyToMany} on the through type.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@UseExtensionHandler(id = "SQL_OBJECT", value = M2MHandler.class)
public @interface M2MAdd {

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
