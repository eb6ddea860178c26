package dev.jsignals.example.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jsignals.example.FoodApp;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's tour of the Food App, run as written on a fresh database, prints what it shows. */
class ReadmeTourTest {
  private static final Path README = Path.of("").toAbsolutePath().getParent().resolve("README.md");
  private static final String PROMPT = "$ java -jar example-app/target/foodapp.jar ";

  @TempDir Path dir;

  /** One command of the tour and the lines the README shows after it. */
  private record Step(String command, List<String> shown) {}

  private static List<Step> tour() throws Exception {
    String readme = Files.readString(README);
    int start = readme.indexOf("```text\n", readme.indexOf("## A tour of the Food App"));
    String block = readme.substring(start + 8, readme.indexOf("```", start + 8));
    List<Step> steps = new ArrayList<>();
    for (String line : block.lines().toList()) {
      if (line.startsWith(PROMPT)) {
        steps.add(new Step(line.substring(PROMPT.length()), new ArrayList<>()));
      } else {
        assertThat(steps).as("the tour starts with a command").isNotEmpty();
        steps.get(steps.size() - 1).shown().add(line);
      }
    }
    return steps;
  }

  @Test
  void tourPrintsWhatTheReadmeShows() throws Exception {
    List<Step> tour = tour();
    assertThat(tour).hasSizeGreaterThanOrEqualTo(5);
    for (Step step : tour) {
      String command = step.command();
      boolean tail = command.endsWith(" | tail -1");
      if (tail) {
        command = command.substring(0, command.length() - " | tail -1".length());
      }
      List<String> args = new ArrayList<>(List.of("--db", dir.resolve("foodapp.db").toString()));
      args.addAll(List.of(command.split(" ")));
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      FoodApp.run(args.toArray(String[]::new), new PrintWriter(out), new PrintWriter(err));
      // The test build adds a receiver of its own (reliability.FailingReceiver): not the app's.
      List<String> printed =
          new ArrayList<>(
              out.toString().lines().filter(l -> !l.contains(".example.reliability.")).toList());
      if (tail) {
        printed = printed.subList(printed.size() - 1, printed.size());
      }
      printed.addAll(err.toString().lines().toList());
      assertThat(printed).as(step.command()).isEqualTo(step.shown());
    }
  }
}
