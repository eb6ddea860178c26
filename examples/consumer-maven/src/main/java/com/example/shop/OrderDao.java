package com.example.shop;

import dev.jsignals.jdbi.Inserts;
import java.util.List;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindBean;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Orders, and the audit trail their receiver writes. */
public interface OrderDao {
  @SqlUpdate("CREATE TABLE orders (id INTEGER PRIMARY KEY, customer TEXT NOT NULL)")
  void createOrders();

  @SqlUpdate("CREATE TABLE audit (line TEXT NOT NULL)")
  void createAudit();

  @SqlUpdate("INSERT INTO orders (customer) VALUES (:customer)")
  @GetGeneratedKeys("id")
  @Inserts(Order.class)
  long insert(@BindBean Order order);

  @SqlUpdate("INSERT INTO audit (line) VALUES (:line)")
  void audit(@Bind("line") String line);

  @SqlQuery("SELECT line FROM audit ORDER BY rowid")
  List<String> auditLines();
}
