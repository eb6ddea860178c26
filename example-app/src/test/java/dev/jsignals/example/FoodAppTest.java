package dev.jsignals.example;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jsignals.example.FoodDatabase.Result;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The real program, run through its entry point against a SQLite file in a temporary folder, and
 * against the PostgreSQL server named by {@code JSIGNALS_POSTGRES_URL} (skipped without it).
 */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {"SQLite", "PostgreSQL"})
class FoodAppTest {
  @Parameter String database;
  @TempDir Path dir;
  private FoodDatabase db;

  @BeforeEach
  void createDatabase() {
    db = FoodDatabase.create(database, dir);
  }

  private Result run(String... args) {
    return db.run(args);
  }

  private long count(String table) {
    return query("SELECT count(*) FROM " + table);
  }

  private long query(String sql) {
    return db.jdbi().withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
  }

  private void rawSql(String sql) {
    db.jdbi().useHandle(h -> h.execute(sql));
  }

  @Test
  void demoPrintsItsProfileAndTheWelcomeMailThatArrivedOverSmtpAndLeavesNothingBehind() {
    Result result = run("demo");

    assertThat(result.code()).isZero();
    assertThat(result.outLines())
        .containsExactly(
            "Profile created: true",
            "Image: profile_images/default.jpg",
            "Welcome mail received over SMTP: Welcome to the Food App");
    assertThat(result.err()).isEmpty();
    assertThat(count("users")).isZero();
    assertThat(count("profiles")).isZero();
    assertThat(count("jsignals_outbox")).as("the demo's mail was delivered").isZero();
  }

  @Test
  void demoLeavesOlderWaitingMailsForARealSmtpServer() {
    assertThat(run("register", "ada", "ada@example.com").code()).isZero();

    Result result = run("demo");

    assertThat(result.code()).isZero();
    assertThat(result.outLines())
        .endsWith(
            "Welcome mail: not sent, 1 older mail(s) wait for a real server (--smtp HOST:PORT)");
    assertThat(result.err()).isEmpty();
    assertThat(run("outbox", "status").out()).contains("pending   1");
    assertThat(query("SELECT attempts FROM jsignals_outbox WHERE status = 'pending'"))
        .as("the older mail was not tried against the demo's server, gone when the demo ended")
        .isZero();
  }

  @Test
  void registerCreatesTheUserAndItsProfileThroughPostSave() {
    Result result = run("register", "ada", "ada@example.com");

    assertThat(result.code()).isZero();
    assertThat(result.outLines())
        .containsExactly(
            "User: ada <ada@example.com>", "Profile: profile_images/default.jpg, 0 favourites");
    assertThat(count("profiles")).isOne();
  }

  @Test
  void passwordFromStandardInputIsStoredOnlyAsASaltedHash() throws Exception {
    var stdin = System.in;
    try {
      System.setIn(new java.io.ByteArrayInputStream("s3cret\n".getBytes(StandardCharsets.UTF_8)));
      assertThat(run("register", "ada", "ada@example.com", "--password-stdin").code()).isZero();
    } finally {
      System.setIn(stdin);
    }
    String hash =
        db.jdbi()
            .withHandle(
                h -> h.createQuery("SELECT password_hash FROM users").mapTo(String.class).one());
    assertThat(hash).startsWith("pbkdf2_sha256$600000$").doesNotContain("s3cret");
  }

  @Test
  void refusalsExitOneWithOneLineAndChangeNothing() {
    run("register", "ada", "ada@example.com");
    List<String[]> refused =
        List.of(
            new String[] {"register", "ada", "other@example.com"},
            new String[] {"register", "bob", "not-an-email"},
            new String[] {"register", "", "bob@example.com"},
            new String[] {"register", "x".repeat(151), "bob@example.com"},
            new String[] {"register", "bob'; DROP TABLE users;--", "bob@example.com"},
            // Bytes that are not UTF-8 reach Java as U+FFFD replacement characters.
            new String[] {"register", "b\uFFFDb", "bob@example.com"},
            new String[] {"register", "bob", "bob@exa\u0000mple.com"},
            new String[] {"show", "nobody"},
            new String[] {"set-email", "nobody", "a@b.cd"},
            new String[] {"favorite", "ada", "no-such-recipe"},
            new String[] {"delete", "nobody"});
    for (String[] args : refused) {
      Result result = run(args);
      assertThat(result.code()).as(String.join(" ", args)).isEqualTo(1);
      assertThat(result.err().lines())
          .as(String.join(" ", args))
          .singleElement()
          .satisfies(line -> assertThat(line).startsWith("error: ").doesNotContain("Exception"));
    }
    assertThat(count("users")).isOne();
    assertThat(count("profiles")).isOne();
    assertThat(count("favorites")).isZero();
  }

  @Test
  void usageErrorsExitTwo() {
    assertThat(run("register", "only-one-argument").code()).isEqualTo(2);
    assertThat(run("no-such-command").code()).isEqualTo(2);
    assertThat(run("signals", "--format", "yaml").code()).isEqualTo(2);
  }

  @Test
  void favouriteCountsFollowTheJoinTableThroughM2mChanged() {
    run("register", "ada", "ada@example.com");
    run("register", "bob", "bob@example.com");
    run("recipe-add", "soup");
    run("recipe-add", "cake");

    assertThat(run("favorite", "ada", "soup", "cake").out()).contains("ada favours 2 more");
    assertThat(run("favorite", "ada", "soup").out()).contains("ada favours 0 more");
    run("favorite", "bob", "soup");
    run("unfavorite", "ada", "cake");

    assertThat(run("recipes").outLines())
        .containsExactly(
            String.format("%-30s %s", "RECIPE", "FAVOURITES"),
            String.format("%-30s %d", "cake", 0),
            String.format("%-30s %d", "soup", 2));
    assertThat(run("show", "ada").outLines())
        .containsExactly(
            "User: ada <ada@example.com>",
            "Profile: profile_images/default.jpg, 1 favourites",
            "Favourites: soup");
    run("clear-favorites", "bob");
    Result deleted = run("delete", "ada");
    assertThat(deleted.code()).isZero();
    assertThat(count("favorites")).isZero();
    assertThat(run("check").code()).isZero();
    assertThat(run("recipes").out()).contains(String.format("%-30s %d", "soup", 0));
  }

  @Test
  void userWrittenByRawSqlIsFoundByCheckAndFixedByBackfill() {
    run("register", "ada", "ada@example.com");
    rawSql("INSERT INTO users (username, email) VALUES ('raw', 'raw@example.com')");

    Result check = run("check");
    assertThat(check.code()).isEqualTo(1);
    assertThat(check.out()).contains("Users without a profile: 1");
    assertThat(run("backfill-profiles").out()).contains("Created 1 profile(s)");
    assertThat(run("check").code()).isZero();
  }

  @Test
  void setEmailIsAnUpdateWhoseSafetyNetCreatesAMissingProfile() {
    run("register", "ada", "ada@example.com");
    rawSql("INSERT INTO users (username, email) VALUES ('raw', 'raw@example.com')");

    Result result = run("set-email", "raw", "new@example.com");

    assertThat(result.code()).isZero();
    assertThat(result.outLines())
        .containsExactly(
            "User: raw <new@example.com>", "Profile: profile_images/default.jpg, 0 favourites");
    assertThat(count("profiles")).isEqualTo(2);
  }

  @Test
  void importOfTenThousandRowsIsConsistent() throws Exception {
    Path csv = dir.resolve("users.csv");
    StringBuilder rows = new StringBuilder("username,email\n");
    for (int i = 0; i < 10_000; i++) {
      rows.append("user").append(i).append(",user").append(i).append("@example.com\n");
    }
    Files.writeString(csv, rows);

    Result result = run("import-users", csv.toString());

    assertThat(result.code()).isZero();
    assertThat(result.out()).contains("Imported 10000 user(s)");
    assertThat(result.err()).as("no progress bar without a terminal").isEmpty();
    assertThat(count("users")).isEqualTo(10_000);
    assertThat(count("profiles")).isEqualTo(10_000);
    assertThat(run("check").code()).isZero();
  }

  @Test
  void badRowAtLine5000LeavesTheDatabaseEmpty() throws Exception {
    Path csv = dir.resolve("users.csv");
    StringBuilder rows = new StringBuilder();
    for (int i = 1; i <= 6_000; i++) {
      rows.append(i == 5_000 ? "bad row without email" : "user" + i + ",u" + i + "@example.com");
      rows.append('\n');
    }
    Files.writeString(csv, rows);
    assertThat(run("recipe-add", "soup").code()).as("a migrated database, no user").isZero();

    Result result = run("import-users", csv.toString());

    assertThat(result.code()).isEqualTo(1);
    assertThat(result.err()).contains("line 5000").contains("nothing was imported");
    assertThat(count("users")).isZero();
    assertThat(count("profiles")).isZero();
  }

  @Test
  void importReadsByteOrderMarksCrlfAndQuotes() throws Exception {
    Path csv = dir.resolve("users.csv");
    Files.writeString(
        csv, "\uFEFFusername,email\r\n\"ada\",\"ada@example.com\"\r\nbob,bob@example.com\r\n");

    assertThat(run("import-users", csv.toString()).code()).isZero();
    assertThat(run("users").out()).contains("ada").contains("bob");
  }

  @Test
  void importRefusesEmptyFilesAndExtraColumnsNamingTheLine() throws Exception {
    Path empty = Files.writeString(dir.resolve("empty.csv"), "");
    Path extra = Files.writeString(dir.resolve("extra.csv"), "ada,ada@example.com,admin\n");
    assertThat(run("recipe-add", "soup").code()).as("a migrated database, no user").isZero();

    assertThat(run("import-users", empty.toString()).err()).contains("has no rows");
    assertThat(run("import-users", extra.toString()).err())
        .contains("line 1: expected 2 columns (username,email), found 3");
    assertThat(count("users")).isZero();
  }

  @Test
  void signalsListsTheDiscoveredReceiversAsTextAndMermaid() {
    Result text = run("signals");
    Result mermaid = run("signals", "--format", "mermaid");

    assertThat(text.out())
        .contains("dev.jsignals.example.FoodReceivers#createProfile")
        .contains("uid=users.create-profile")
        .contains("m2m_changed  Favorite");
    assertThat(mermaid.outLines().get(0)).isEqualTo("flowchart LR");
    assertThat(mermaid.out())
        .contains("post_save_User([\"post_save User\"]) --> users_create_profile");
  }

  @Test
  void usernamesDifferingOnlyInCaseOrWidthAreOneUser() {
    assertThat(run("register", "Alice", "alice@example.com").code()).isZero();

    for (String lookAlike :
        List.of("alice", "ALICE", "\uFF41lice", "\uFF21\uFF2C\uFF29\uFF23\uFF25")) {
      Result result = run("register", lookAlike, "other@example.com");
      assertThat(result.code()).as(lookAlike).isEqualTo(1);
      assertThat(result.err()).as(lookAlike).contains("is taken");
    }
    assertThat(run("show", "\uFF41LICE").outLines()).startsWith("User: Alice <alice@example.com>");
    assertThat(count("users")).isOne();
  }

  @Test
  void tablesChangedBehindTheMigrationsGiveOneLine() {
    run("register", "ada", "ada@example.com");
    run("recipe-add", "soup");
    rawSql("DROP TABLE favorites");

    for (String[] args :
        List.of(new String[] {"favorite", "ada", "soup"}, new String[] {"show", "ada"})) {
      Result result = run(args);
      assertThat(result.code()).as(args[0]).isEqualTo(1);
      assertThat(result.err().lines())
          .as(args[0])
          .singleElement()
          .asString()
          .startsWith("error: the database's tables are not those its migrations made")
          .contains("favorites");
    }
  }

  @Test
  void registrationRacingAnotherOfTheSameNameSaysTaken() throws Exception {
    run("recipe-add", "soup");
    try (var handle = db.jdbi().open()) {
      handle.begin();
      handle.execute("INSERT INTO users (username, email) VALUES ('ada', 'first@example.com')");
      var racer =
          java.util.concurrent.CompletableFuture.supplyAsync(
              () -> run("register", "ada", "second@example.com"));
      if (database.equals("PostgreSQL")) {
        waitForABlockedLock(racer);
      }
      handle.execute(
          "INSERT INTO profiles (user_id, image) SELECT id, 'x' FROM users WHERE username = 'ada'");
      handle.commit();

      Result result = racer.get(300, java.util.concurrent.TimeUnit.SECONDS);
      assertThat(result.code()).isEqualTo(1);
      assertThat(result.err()).isEqualTo("error: username 'ada' is taken\n");
    }
    assertThat(count("users")).isOne();
  }

  /** Waits until PostgreSQL shows the racer waiting on a lock, or the racer has ended. */
  private void waitForABlockedLock(java.util.concurrent.CompletableFuture<Result> racer) {
    Jdbi observer = db.jdbi();
    for (int i = 0; i < 1_200 && !racer.isDone(); i++) {
      long waiting =
          observer.withHandle(
              h ->
                  h.createQuery("SELECT count(*) FROM pg_locks WHERE NOT granted")
                      .mapTo(Long.class)
                      .one());
      if (waiting > 0) {
        return;
      }
      java.util.concurrent.locks.LockSupport.parkNanos(100_000_000L);
    }
  }

  @Test
  void outputComesOnlyAfterTheCommit() {
    run("recipe-add", "soup");
    // A constraint checked at COMMIT fails every new user: the commit itself fails.
    if (database.equals("SQLite")) {
      rawSql(
          "CREATE TABLE audit (recipe_id INTEGER REFERENCES recipes (id) DEFERRABLE INITIALLY DEFERRED)");
      rawSql(
          "CREATE TRIGGER users_audit AFTER INSERT ON users BEGIN INSERT INTO audit VALUES (-1); END");
    } else {
      rawSql(
          "CREATE TABLE audit (recipe_id BIGINT REFERENCES recipes (id) DEFERRABLE INITIALLY DEFERRED)");
      rawSql(
          "CREATE FUNCTION audit_user() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN INSERT INTO"
              + " audit VALUES (-1); RETURN NEW; END'");
      rawSql(
          "CREATE TRIGGER users_audit AFTER INSERT ON users FOR EACH ROW EXECUTE FUNCTION audit_user()");
    }

    Result result = run("register", "ada", "ada@example.com");

    assertThat(result.code()).isEqualTo(1);
    assertThat(result.out()).as("nothing printed about a write that did not commit").isEmpty();
    assertThat(result.err().lines()).singleElement().asString().startsWith("error: ");
    assertThat(count("users")).isZero();
  }
}
