package dev.jsignals.bootfood;

import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The Food App suite on the PostgreSQL server of {@code JSIGNALS_POSTGRES_URL}, in a new schema.
 */
@EnabledIfEnvironmentVariable(named = "JSIGNALS_POSTGRES_URL", matches = ".+")
class PostgresFoodApplicationTest extends FoodApplicationTest {

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry properties) {
    String url = System.getenv("JSIGNALS_POSTGRES_URL");
    String schema = "foodapp_" + UUID.randomUUID().toString().replace("-", "");
    Jdbi.create(url).useHandle(h -> h.execute("CREATE SCHEMA " + schema));
    properties.add("foodapp.db-url", () -> url + "&currentSchema=" + schema);
  }
}
