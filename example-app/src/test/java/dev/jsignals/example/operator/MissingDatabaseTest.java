package dev.jsignals.example.operator;

import static dev.jsignals.example.operator.Foodapp.inJvm;
import static dev.jsignals.example.operator.Foodapp.run;
import static dev.jsignals.example.operator.Foodapp.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jsignals.example.operator.Foodapp.Run;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Commands that read or change what is already there (the outbox commands, {@code set-email},
 * {@code backfill-profiles}...) never create a database: on a mistyped path they say there is no
 * database there, exit 2, and leave the path as it was.
 */
class MissingDatabaseTest {
  @TempDir Path dir;

  private static final List<String[]> OPERATING =
      List.of(
          new String[] {"outbox", "status"},
          new String[] {"outbox", "retry", "--dead"},
          new String[] {"outbox", "skip", "1"},
          new String[] {"--smtp", "127.0.0.1:2525", "outbox", "relay", "--once"},
          new String[] {"set-email", "ada", "ada@example.com"},
          new String[] {"backfill-profiles"});

  @Test
  void operatingCommandsOnAMistypedPathCreateNothing() {
    Path typo = dir.resolve("fodo.db");

    for (String[] command : OPERATING) {
      // the outbox commands as processes of their own; the others in this JVM
      String[] args = with(List.of("--db", typo.toString()), command);
      Run result =
          command[0].equals("outbox") && !command[1].equals("skip") ? run(dir, args) : inJvm(args);

      assertThat(result.code()).as(String.join(" ", command)).isEqualTo(2);
      assertThat(result.errLines())
          .as(String.join(" ", command))
          .containsExactly(
              "error: there is no database at "
                  + typo
                  + " (commands that write, such as register or recipe-add, create it)");
      assertThat(result.out()).as(String.join(" ", command)).isEmpty();
    }
    assertThat(dir).as("no database, journal, -wal or -shm file").isEmptyDirectory();
  }

  @Test
  void withoutDbTheDefaultFileIsNotCreatedEither() {
    Run result = run(dir, "outbox", "status");

    assertThat(result.code()).isEqualTo(2);
    assertThat(result.errLines())
        .singleElement()
        .asString()
        .startsWith("error: there is no database at foodapp.db");
    assertThat(dir).isEmptyDirectory();
  }

  @Test
  void onPostgresqlAMistypedSchemaIsNeitherCreatedNorMigrated() {
    String server = System.getenv("JSIGNALS_POSTGRES_URL");
    assumeTrue(server != null, "set JSIGNALS_POSTGRES_URL to run the PostgreSQL half");
    String schema = "typo_" + UUID.randomUUID().toString().replace("-", "");
    String url = server + "&currentSchema=" + schema;

    for (String[] command :
        List.of(new String[] {"outbox", "status"}, new String[] {"outbox", "retry", "--dead"})) {
      String[] args = with(List.of("--db-url", url), command);
      Run result = command[1].equals("status") ? run(dir, args) : inJvm(args);

      assertThat(result.code()).as(String.join(" ", command)).isEqualTo(2);
      assertThat(result.errLines())
          .as(String.join(" ", command))
          .singleElement()
          .asString()
          .startsWith("error: there is no database at jdbc:postgresql:")
          .contains("holds no Food App tables");
    }
    int schemas =
        Jdbi.create(server)
            .withHandle(
                h ->
                    h.createQuery("SELECT count(*) FROM pg_namespace WHERE nspname = :name")
                        .bind("name", schema)
                        .mapTo(Integer.class)
                        .one());
    assertThat(schemas).as("schema %s", schema).isZero();
  }
}
