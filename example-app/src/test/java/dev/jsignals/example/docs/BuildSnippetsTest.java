package dev.jsignals.example.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The build snippets of README.md and docs/guide.md are what the consumer project (built by .ci/run
 * against the installed artifacts) really uses, and name artifacts this build makes.
 */
class BuildSnippetsTest {
  private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
  private static final Pattern XML_BLOCK = Pattern.compile("```xml\\n(.*?)```", Pattern.DOTALL);
  private static final Pattern GRADLE_COORDINATES =
      Pattern.compile("'dev\\.jsignals:([\\w-]+)(?::([^']+))?'");
  private static final Pattern PROJECT_VERSION =
      Pattern.compile("<artifactId>jsignals-parent</artifactId>\\s*<version>([^<]+)</version>");

  private static List<Path> documents() {
    return List.of(ROOT.resolve("README.md"), ROOT.resolve("docs/guide.md"));
  }

  private static String normalize(String text) {
    return text.replaceAll("\\s+", "");
  }

  /** The top-level elements of a block: each starts on a line of its own at column 0. */
  private static List<String> elements(String block) {
    List<String> elements = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : block.split("\n")) {
      if (line.startsWith("<") && !line.startsWith("</") && current.length() > 0) {
        elements.add(current.toString());
        current.setLength(0);
      }
      current.append(line.replaceAll("<!--.*?-->", "")).append('\n');
    }
    if (!current.toString().isBlank()) {
      elements.add(current.toString());
    }
    return elements;
  }

  @Test
  void everyMavenSnippetIsInTheConsumerProject() throws IOException {
    String pom = normalize(Files.readString(ROOT.resolve("examples/consumer-maven/pom.xml")));
    int elements = 0;
    for (Path document : documents()) {
      Matcher block = XML_BLOCK.matcher(Files.readString(document));
      while (block.find()) {
        for (String element : elements(block.group(1))) {
          elements++;
          assertThat(pom)
              .as(
                  "%s has a Maven snippet the consumer project does not use:%n%s",
                  document, element)
              .contains(normalize(element));
        }
      }
    }
    assertThat(elements).as("Maven snippets in README.md and the guide").isGreaterThanOrEqualTo(3);
  }

  @Test
  void everyGradleCoordinateNamesAnArtifactOfThisVersion() throws IOException {
    Matcher parent = PROJECT_VERSION.matcher(Files.readString(ROOT.resolve("example-app/pom.xml")));
    assertThat(parent.find()).isTrue();
    String version = parent.group(1);
    int coordinates = 0;
    for (Path document : documents()) {
      Matcher coordinate = GRADLE_COORDINATES.matcher(Files.readString(document));
      while (coordinate.find()) {
        coordinates++;
        String artifact = coordinate.group(1);
        assertThat(ROOT.resolve(artifact).resolve("pom.xml"))
            .as("%s names dev.jsignals:%s, which this build does not make", document, artifact)
            .exists();
        if (coordinate.group(2) != null && !coordinate.group(2).startsWith("<")) {
          assertThat(coordinate.group(2)).as("version in %s", document).isEqualTo(version);
        }
      }
    }
    assertThat(coordinates).as("Gradle coordinates in README.md and the guide").isPositive();
  }
}
