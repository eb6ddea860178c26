/**
 * jsignals for Jdbi: sends {@code pre_save}, {@code post_save}, {@code pre_delete}, {@code
 * post_delete} and {@code m2m_changed} around SQL Object writes, inside the write's transaction.
 */
module dev.jsignals.jdbi {
  requires transitive dev.jsignals.core;
  requires transitive org.jdbi.v3.core;
  requires transitive org.jdbi.v3.sqlobject;
  requires transitive java.sql;
  requires static org.xerial.sqlitejdbc;
  requires org.slf4j;
  requires static transitive org.jspecify;

  exports dev.jsignals.jdbi;

  opens dev.jsignals.jdbi to
      org.jdbi.v3.core,
      org.jdbi.v3.sqlobject;
}
