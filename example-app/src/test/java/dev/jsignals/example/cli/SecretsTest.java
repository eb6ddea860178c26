package dev.jsignals.example.cli;

import static dev.jsignals.example.cli.Cli.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jsignals.example.cli.Cli.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** No password reaches the user's screen, in any form, whatever goes wrong. */
class SecretsTest {
  private static final String PASSWORD = "Hunter2%Secret";
  private static final String ENCODED = "Hunter2%25Secret";

  @TempDir Path dir;

  private static void assertNoPassword(Result result, String what) {
    assertThat(result.code()).as(what).isNotZero();
    assertThat(result.all())
        .as(what)
        .doesNotContain(PASSWORD)
        .doesNotContain(ENCODED)
        .doesNotContain("Hunter2")
        .doesNotContain("Exception");
  }

  private static List<String> urls() {
    List<String> urls = new ArrayList<>();
    urls.add("jdbc:postgresql://127.0.0.1:1/food?user=ada&password=" + ENCODED);
    urls.add("jdbc:postgresql://ada:" + ENCODED + "@127.0.0.1:1/food");
    urls.add("jdbc:mysql://ada:" + ENCODED + "@db.example.com/food?password=" + ENCODED);
    urls.add("postgresql://ada:" + ENCODED + "@127.0.0.1/food");
    String server = System.getenv("JSIGNALS_POSTGRES_URL");
    if (server != null) {
      String base = server.substring(0, server.indexOf('?'));
      String host = base.substring(0, base.lastIndexOf('/'));
      urls.add(host + "/no_such_database?user=postgres&password=" + ENCODED);
      urls.add(host + "/postgres?user=no_such_role&password=" + ENCODED);
      urls.add(base + "?user=postgres&sslmode=bogus&password=" + ENCODED);
      urls.add(base + "?user=postgres&password=" + ENCODED + "&socketTimeout=oops");
    }
    return urls;
  }

  @Test
  void connectionErrorsNeverShowThePassword() {
    for (String url : urls()) {
      for (String[] command :
          List.of(new String[] {"users"}, new String[] {"register", "ada", "ada@example.com"})) {
        List<String> args = new ArrayList<>(List.of("--db-url", url));
        args.addAll(List.of(command));
        Result result = run(args.toArray(String[]::new));
        assertNoPassword(result, url);
        assertThat(result.errLines()).as(url).singleElement().asString().startsWith("error: ");
        args.add(0, "--verbose");
        assertNoPassword(run(args.toArray(String[]::new)), "--verbose " + url);
      }
    }
  }

  @Test
  void usageErrorsNeverEchoThePassword() {
    Result result =
        run("--db-url", "jdbc:postgresql://h/db?password=" + ENCODED, "no-such-command");

    assertThat(result.code()).isEqualTo(2);
    assertNoPassword(result, "a usage error");
  }

  @Test
  void passwordFileIsUsedAndNeverPrinted() throws Exception {
    Path file = Files.writeString(dir.resolve("db-password"), PASSWORD + "\n");

    Result result =
        run(
            "--db-url",
            "jdbc:postgresql://127.0.0.1:1/food?user=ada",
            "--db-password-file",
            file.toString(),
            "users");

    assertNoPassword(result, "--db-password-file");
    assertThat(result.err()).contains("cannot connect to the database");
  }

  @Test
  void missingPasswordFileIsRefusedNamingIt() {
    Path missing = dir.resolve("nowhere");

    Result result =
        run(
            "--db-url",
            "jdbc:postgresql://127.0.0.1:1/food?user=ada",
            "--db-password-file",
            missing.toString(),
            "users");

    assertThat(result.code()).isEqualTo(1);
    assertThat(result.errLines())
        .containsExactly("error: --db-password-file: no such file: " + missing);
  }
}
