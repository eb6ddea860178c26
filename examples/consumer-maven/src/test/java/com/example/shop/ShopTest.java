package com.example.shop;

import static dev.jsignals.test.SignalsAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jsignals.core.PostSave;
import dev.jsignals.core.Signals;
import dev.jsignals.jdbi.SignalsPlugin;
import dev.jsignals.jdbi.SqliteDataSources;
import java.nio.file.Path;
import dev.jsignals.test.RecordSignals;
import dev.jsignals.test.SentSignals;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@RecordSignals
class ShopTest {
  @TempDir Path dir;
  Signals signals = Signals.discover();

  @Test
  void discoveredReceiverAuditsEveryNewOrderInTheSameTransaction(SentSignals sent) {
    Jdbi jdbi =
        Jdbi.create(SqliteDataSources.file(dir.resolve("shop.db")))
            .installPlugin(new SqlObjectPlugin())
            .installPlugin(new SignalsPlugin(signals));
    OrderDao orders = jdbi.onDemand(OrderDao.class);
    orders.createOrders();
    orders.createAudit();

    orders.insert(new Order("ada"));

    assertThat(orders.auditLines()).containsExactly("new order of ada");
    assertThat(sent).hasSent(PostSave.class, 1).postSaves(Order.class).singleElement();
  }
}
