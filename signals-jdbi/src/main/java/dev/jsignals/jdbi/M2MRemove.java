package dev.jsignals.jdbi;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.jdbi.v3.core.extension.annotation.UseExtensionHandler;

/**
 * Declares a method that removes related ids from a many-to-many relation: {@code m2m_changed} with
 * {@code PRE_REMOVE} and {@code POST_REMOVE}, whose {@code pkSet} holds the ids given.
 *
 * <p>The method takes the instance and a {@code Collection} of ids, and returns {@code void} or
 * {@code int} (the rows deleted).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@UseExtensionHandler(id = "SQL_OBJECT", value = M2MHandler.class)
public @interface M2MRemove {

  /**
   * The join (through) type: the sender of {@code m2m_changed}, as in Django.
   *
   * @return the through type
   */
  Class<?> through();

  /**
   * The class of the related objects whose ids change.
   *
   * @return the related model class
   */
  Class<?> model();

  /**
   * The join table.
   *
   * @return a plain SQL identifier
   */
  String table();

  /**
   * The join table's column that holds the instance's {@code id}.
   *
   * @return a plain SQL identifier
   */
  String column();

  /**
   * The join table's column that holds the related ids.
   *
   * @return a plain SQL identifier
   */
  String relatedColumn();

  /**
   * Whether the relation is changed from its reverse side (Django's {@code reverse}).
   *
   * @return {@code true} from the side that does not declare the relation
   */
  boolean reverse() default false;
}
