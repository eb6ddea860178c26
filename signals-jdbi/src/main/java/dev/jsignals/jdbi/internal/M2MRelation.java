package dev.jsignals.jdbi.internal;

import dev.jsignals.jdbi.ManyToMany;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * One side of a many-to-many relation declared by {@link ManyToMany}: its statements, written once
 * when a DAO is attached. Immutable and thread-safe.
 */
final class M2MRelation {
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private final Class<?> instanceType;
  private final Class<?> related;
  private final ModelKey relatedKey;
  private final String selectRelated;
  private final String delete;
  private final String deleteAll;
  private final String insert;

  private M2MRelation(
      Class<?> instanceType, Class<?> related, String table, String column, String relatedColumn) {
    this.instanceType = instanceType;
    this.related = related;
    this.relatedKey = ModelKey.of(related);
    String source = " WHERE " + column + " = :source";
    this.selectRelated = "SELECT " + relatedColumn + " FROM " + table + source;
    this.delete = "DELETE FROM " + table + source + " AND " + relatedColumn + " IN (<ids>)";
    this.deleteAll = "DELETE FROM " + table + source;
    this.insert =
        "INSERT INTO " + table + " (" + column + ", " + relatedColumn + ") VALUES (:source, :id)";
  }

  /**
   * The side of the relation declared on {@code through} that a method changes.
   *
   * @throws IllegalArgumentException naming the method if the declaration is missing or wrong
   */
  static M2MRelation of(Method method, Class<?> through, boolean reverse) {
    ManyToMany declared = through.getAnnotation(ManyToMany.class);
    if (declared == null) {
      throw ModelWrite.refuse(
          method,
          "changes the relation through "
              + through.getSimpleName()
              + ", which has no @ManyToMany: declare the relation once on it, for example"
              + " @ManyToMany(table = \"favorites\", model = User.class, column = \"user_id\","
              + " related = Recipe.class, relatedColumn = \"recipe_id\")");
    }
    String table = identifier(method, declared.table());
    String column = identifier(method, declared.column());
    String relatedColumn = identifier(method, declared.relatedColumn());
    try {
      return reverse
          ? new M2MRelation(declared.related(), declared.model(), table, relatedColumn, column)
          : new M2MRelation(declared.model(), declared.related(), table, column, relatedColumn);
    } catch (IllegalArgumentException e) {
      throw ModelWrite.refuse(method, "relates models without a key: " + e.getMessage());
    }
  }

  private static String identifier(Method method, String value) {
    if (!IDENTIFIER.matcher(value).matches()) {
      throw ModelWrite.refuse(
          method, "names '" + value + "' as a table or column; use a plain SQL identifier");
    }
    return value;
  }

  /** The class of the instances whose relation changes. */
  Class<?> instanceType() {
    return instanceType;
  }

  /** The class of the related objects: the events' {@code model}. */
  Class<?> related() {
    return related;
  }

  /** An id converted to the related model's key type, so that sets compare equal ids. */
  Object relatedId(Object id) {
    return relatedKey.convert(id);
  }

  /** The ids related to {@code source}. */
  List<?> relatedIds(Handle handle, Object source) {
    return handle.createQuery(selectRelated).bind("source", source).mapTo(relatedKey.type()).list();
  }

  int insert(Handle handle, Object source, Set<Object> ids) {
    PreparedBatch batch = handle.prepareBatch(insert);
    for (Object id : ids) {
      batch.bind("source", source).bind("id", id).add();
    }
    int total = 0;
    for (int count : batch.execute()) {
      total += count;
    }
    return total;
  }

  int delete(Handle handle, Object source, Collection<Object> ids) {
    return handle
        .createUpdate(delete)
        .bind("source", source)
        .bindList("ids", new ArrayList<>(ids))
        .execute();
  }

  int deleteAll(Handle handle, Object source) {
    return handle.createUpdate(deleteAll).bind("source", source).execute();
  }
}
