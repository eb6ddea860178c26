package dev.jsignals.bootfood;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jsignals.core.PostSave;
import dev.jsignals.core.Signals;
import dev.jsignals.test.MuteSignals;
import dev.jsignals.test.RecordSignals;
import dev.jsignals.test.SentSignals;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The test of docs/spring-boot.md: {@code @RecordSignals} records the context's {@code Signals}
 * bean, {@code @MuteSignals} mutes the profile receiver on the test's thread, so the registration
 * saves no profile.
 */
// tag::spring-test[]
@SpringBootTest
@RecordSignals
class RegistrationTest {
  @Autowired Signals signals; // the context's bean: what the extension records and mutes
  @Autowired Users users;
  @Autowired Jdbi jdbi;

  @DynamicPropertySource // a fresh SQLite file for each run
  static void database(DynamicPropertyRegistry registry) {
    String file = "target/registration-" + UUID.randomUUID() + ".db";
    registry.add("foodapp.db", () -> file);
  }

  @Test
  void aRegistrationSavesOneUser(SentSignals sent) {
    users.register("ada", "ada@example.com");
    assertThat(sent.events(PostSave.class)).hasSize(1);
  }

  @Test
  @MuteSignals(receivers = FoodReceivers.class) // on this thread: the relay's mail still goes
  void registerWithoutProfile(SentSignals sent) {
    User bob = users.register("bob", "bob@example.com");
    assertThat(sent.events(PostSave.class)).hasSize(1); // sent, to the other receivers
    assertThat(jdbi.onDemand(Profile.Dao.class).image(bob.getId())).isEmpty();
  }
}
// end::spring-test[]
