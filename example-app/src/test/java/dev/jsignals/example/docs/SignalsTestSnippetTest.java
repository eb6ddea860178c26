package dev.jsignals.example.docs;

// tag::signals-test[]
import static dev.jsignals.test.SignalsAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jsignals.core.PostSave;
import dev.jsignals.core.Signals;
import dev.jsignals.example.User;
import dev.jsignals.example.UserDao;
import dev.jsignals.test.MuteSignals;
import dev.jsignals.test.RecordSignals;
import dev.jsignals.test.SentSignals;
import org.junit.jupiter.api.Test;

@RecordSignals
class SignalsTestSnippetTest {
  Signals signals = Signals.discover(); // recorded: every Signals field of the test
  UserDao users; // on a migrated SQLite file, see open()

  @Test
  void registeringSavesOneNewUser(SentSignals sent) {
    users.insert(new User("ada", "ada@example.com", null));

    assertThat(sent)
        .hasSent(PostSave.class)
        .postSaves(User.class)
        .singleElement()
        .matches(PostSave::created);
  }

  @Test
  @MuteSignals(PostSave.class) // on this test's thread only: parallel tests are safe
  void mutedPostSaveMakesNoProfile() {
    users.insert(new User("bob", "bob@example.com", null));

    assertThat(users.withoutProfile()).extracting(User::getUsername).containsExactly("bob");
  }

  @Test
  @MuteSignals(receiverNames = "dev.jsignals.example.FoodReceivers#createProfile")
  void mutedReceiverOnlySkipsThatReceiver(SentSignals sent) {
    users.insert(new User("eve", "eve@example.com", null));

    assertThat(users.withoutProfile()).extracting(User::getUsername).containsExactly("eve");
    assertThat(sent).hasSent(PostSave.class); // the signal was sent, to the other receivers
  }

  // end::signals-test[]

  @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir;

  @org.junit.jupiter.api.BeforeEach
  void open() {
    java.nio.file.Path file = dir.resolve("food.db");
    org.flywaydb.core.Flyway.configure()
        .dataSource(dev.jsignals.jdbi.SqliteDataSources.file(file))
        .locations("classpath:db/migration/sqlite")
        .load()
        .migrate();
    org.jdbi.v3.core.Jdbi jdbi =
        org.jdbi.v3.core.Jdbi.create(dev.jsignals.jdbi.SqliteDataSources.file(file))
            .installPlugin(new org.jdbi.v3.sqlobject.SqlObjectPlugin())
            .installPlugin(new dev.jsignals.jdbi.SignalsPlugin(signals));
    // The Food App's welcome mail is @Receiver(durable = true): an outbox takes it over.
    dev.jsignals.outbox.Outbox.builder(jdbi, signals).build();
    users = jdbi.onDemand(UserDao.class);
  }
}
