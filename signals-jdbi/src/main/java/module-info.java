/**
 * jsignals for Jdbi: sends {@code pre_save}, {@code post_save}, {@code pre_delete}, {@code
 * post_delete} and {@code m2m_changed} around SQL Object writes, inside the write's transaction.
 *
 * <p>The package {@code dev.jsignals.jdbi.internal} holds the handlers, customizer and
 * configuration that Jdbi instantiates by reflection when a DAO is attached; it is opened to Jdbi
 * for that, and exported to no one.
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
  opens dev.jsignals.jdbi.internal to
      org.jdbi.v3.core,
      org.jdbi.v3.sqlobject;
}
