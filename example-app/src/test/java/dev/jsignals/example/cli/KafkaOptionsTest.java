package dev.jsignals.example.cli;

import static dev.jsignals.example.cli.Cli.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jsignals.example.cli.Cli.Result;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --kafka} and {@code follow} refuse what they cannot use in one line, before anything is
 * written; a broker that does not answer is reported after a bounded wait. (The flow itself, with a
 * real broker and processes, is {@code KafkaMirrorIT}.)
 */
class KafkaOptionsTest {
  @TempDir Path dir;

  private Path db() {
    return dir.resolve("food.db");
  }

  private static String closedPort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return "127.0.0.1:" + socket.getLocalPort(); // nothing listens once it is closed
    }
  }

  @Test
  void aMalformedKafkaAddressIsRefusedBeforeTheDatabaseIsCreated() {
    for (String bad : new String[] {"localhost", "localhost:", "host:port", "a:1,", ":9092"}) {
      Result result = run("--db", db().toString(), "--kafka", bad, "register", "ada", "a@ex.com");

      assertThat(result.code()).as(bad).isEqualTo(1);
      assertThat(result.errLines())
          .as(bad)
          .containsExactly(
              "error: --kafka must be HOST:PORT[,HOST:PORT...], such as localhost:9092, not '"
                  + bad
                  + "'");
      assertThat(db()).as(bad).doesNotExist();
    }
  }

  @Test
  void followNeedsAClusterAndAKnownTopic() {
    assertThat(run("follow", "users").errLines())
        .containsExactly("error: follow needs a Kafka cluster: give --kafka HOST:PORT");
    assertThat(run("follow", "recipes", "--kafka", "localhost:9092").errLines())
        .containsExactly("error: unknown topic 'recipes': the Food App mirrors only 'users'");
    assertThat(run("follow", "users", "--kafka", "no-such-host.invalid:9092").errLines())
        .singleElement()
        .asString()
        .startsWith("error: --kafka no-such-host.invalid:9092: ");
    Result help = run("follow", "--help");
    assertThat(help.code()).isZero();
    assertThat(help.out()).startsWith("Usage: foodapp follow").contains("--kafka", "--group");
  }

  @Test
  void followOfABrokerThatIsDownSaysSoInOneLineAfterABoundedWait() throws Exception {
    String down = closedPort();

    Result result = run("follow", "users", "--kafka", down);

    assertThat(result.code()).isEqualTo(1);
    assertThat(result.errLines())
        .containsExactly("error: no Kafka broker answered at " + down + " within 10 s");
    assertThat(result.out()).isEmpty();
  }
}
