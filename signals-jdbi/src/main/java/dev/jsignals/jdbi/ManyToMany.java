package dev.jsignals.jdbi;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a many-to-many relation once, on its through type (the sender of {@code m2m_changed}, as
 * in Django): the join table and the two models it joins. Methods marked {@link M2MAdd}, {@link
 * M2MRemove}, {@link M2MClear} or {@link M2MSet} refer to the through type, from either side.
 *
 * <pre>{@code
 * @ManyToMany(table = "favorites", model = User.class, column = "user_id",
 *     related = Recipe.class, relatedColumn = "recipe_id")
 * public record Favorite() {}
 * }</pre>
 *
 * <p>Both columns hold primary keys (see {@link PrimaryKey}). Table and column names are plain SQL
 * identifiers, checked when a DAO using the relation is attached.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface ManyToMany {

  /**
   * The join table.
   *
   * @return a plain SQL identifier
   */
  String table();

  /**
   * The model that declares the relation: Django's forward side.
   *
   * @return the model class
   */
  Class<?> model();

  /**
   * The join table's column holding the key of {@link #model()}.
   *
   * @return a plain SQL identifier
   */
  String column();

  /**
   * The other model: the related objects seen from the forward side.
   *
   * @return the related model class
   */
  Class<?> related();

  /**
   * The join table's column holding the key of {@link #related()}.
   *
   * @return a plain SQL identifier
   */
  String relatedColumn();
}
