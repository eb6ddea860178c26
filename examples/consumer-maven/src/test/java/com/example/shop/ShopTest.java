package com.example.shop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jsignals.core.Signals;
import dev.jsignals.jdbi.SignalsPlugin;
import dev.jsignals.jdbi.SqliteDataSources;
import java.nio.file.Path;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShopTest {
  @TempDir Path dir;

  @Test
  void discoveredReceiverAuditsEveryNewOrderInTheSameTransaction() {
    Signals signals = Signals.discover();
    Jdbi jdbi =
        Jdbi.create(SqliteDataSources.file(dir.resolve("shop.db")))
            .installPlugin(new SqlObjectPlugin())
            .installPlugin(new SignalsPlugin(signals));
    OrderDao orders = jdbi.onDemand(OrderDao.class);
    orders.createOrders();
    orders.createAudit();

    orders.insert(new Order("ada"));

    assertThat(orders.auditLines()).containsExactly("new order of ada");
  }
}
