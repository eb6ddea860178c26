package dev.jsignals.example.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jsignals.example.FoodApp;
import dev.jsignals.testsupport.TestBroker;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Food App's Kafka mirror end to end, with real processes: a broker in this JVM, {@code foodapp
 * follow users} from {@code foodapp.jar} as a child process, and the writes made with {@code
 * --kafka} by the app in this JVM. Every wait is for a printed line, with a generous bound. The
 * broker is shared with the other Kafka suites of this JVM.
 */
@ExtendWith(SharedBroker.class)
class KafkaMirrorIT {
  private static TestBroker broker;

  @TempDir Path dir;

  @BeforeAll
  static void shareBroker(TestBroker shared) {
    broker = shared;
  }

  /** What a run in this JVM returned and printed. */
  record Run(int code, String out, String err) {}

  private Run foodapp(String... args) {
    List<String> all = new ArrayList<>(List.of("--db", dir.resolve("food.db").toString()));
    all.addAll(List.of(args));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = FoodApp.run(all.toArray(String[]::new), new PrintWriter(out), new PrintWriter(err));
    return new Run(code, out.toString(), err.toString());
  }

  private Run mirrored(String... args) {
    List<String> all = new ArrayList<>(List.of("--kafka", broker.bootstrapServers()));
    all.addAll(List.of(args));
    Run run = foodapp(all.toArray(String[]::new));
    assertThat(run.code()).as(run.toString()).isZero();
    assertThat(run.err()).as(run.toString()).isEmpty();
    return run;
  }

  /** The last line of a stopped follower, with the count of the events it printed. */
  private static void stoppedAfterAll(List<String> lines) {
    assertThat(lines)
        .last()
        .isEqualTo("stopped after " + Follower.events(lines).size() + " event(s)");
    assertThat(Follower.noStackTrace(lines)).as(lines.toString()).isTrue();
  }

  // The tests share the broker and its topic: each looks at its own users' events only.

  @Test
  void followerInAnotherProcessPrintsUserAndFavouriteEventsAsTheyAreCommitted() throws Exception {
    mirrored("recipe-add", "Ratatouille");
    try (Follower follower = Follower.start(dir, broker.bootstrapServers(), "it-flow")) {
      follower.await("following foodapp.users on ");
      mirrored("register", "alice", "alice@example.com");
      follower.await("alice created");
      mirrored("favorite", "alice", "Ratatouille");
      follower.await("alice favourites post_add");
      mirrored("delete", "alice");
      follower.await("post_delete user 1 alice");
      follower.await("alice favourites post_clear");

      List<String> lines = follower.stop();
      List<String> alice = lines.stream().filter(l -> l.contains(" alice")).toList();
      // Each signal's events of a user keep their commit order; between signals there is none.
      assertThat(alice)
          .as(lines.toString())
          .containsExactlyInAnyOrder(
              "post_save user 1 alice created",
              "m2m_changed user 1 alice favourites post_add [1]",
              "m2m_changed user 1 alice favourites post_clear",
              "post_delete user 1 alice")
          .startsWith("post_save user 1 alice created");
      assertThat(alice.indexOf("m2m_changed user 1 alice favourites post_add [1]"))
          .isLessThan(alice.indexOf("m2m_changed user 1 alice favourites post_clear"));
      stoppedAfterAll(lines);
    }
  }

  @Test
  void aFollowerOfTheSameGroupResumesAfterTheLastEventItPrinted() throws Exception {
    try (Follower first = Follower.start(dir, broker.bootstrapServers(), "it-resume")) {
      first.await("following ");
      mirrored("register", "carol", "carol@example.com");
      first.await("carol created");
      stoppedAfterAll(first.stop());
    }
    mirrored("register", "dave", "dave@example.com");
    try (Follower second = Follower.start(dir, broker.bootstrapServers(), "it-resume")) {
      second.await("dave created");
      List<String> lines = second.stop();
      assertThat(Follower.events(lines)).containsExactly("post_save user 2 dave created");
      stoppedAfterAll(lines);
    }
  }

  @Test
  void eventsOfRunsWhoseBrokerWasDownArePublishedByALaterRun() throws Exception {
    String down;
    try (ServerSocket socket = new ServerSocket(0)) {
      down = "127.0.0.1:" + socket.getLocalPort(); // nothing listens once it is closed
    }
    Follower.Exit offline =
        Follower.run(
            dir,
            "--db",
            dir.resolve("food.db").toString(),
            "--kafka",
            down,
            "register",
            "erin",
            "erin@example.com");
    assertThat(offline.code()).as(offline.toString()).isZero();
    assertThat(offline.out()).as(offline.toString()).contains("User: erin <erin@example.com>");
    assertThat(offline.err())
        .as("one line, no stack trace")
        .containsExactly(
            "warning: events not mirrored to Kafka yet, a later run with --kafka sends them: no"
                + " broker answered at "
                + down
                + " within 10 s");

    try (Follower follower = Follower.start(dir, broker.bootstrapServers(), "it-later")) {
      follower.await("following ");
      mirrored("users"); // any later run with --kafka, even one that only reads
      assertThat(follower.await(" erin ")).isEqualTo("post_save user 1 erin created");
      stoppedAfterAll(follower.stop());
    }
  }
}
