package dev.jsignals.example.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every Java block of README.md and docs/*.md is a tagged region of a compiled and tested source:
 * the documentation cannot drift from the code.
 */
class DocsSnippetsTest {
  private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
  private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);
  private static final Pattern REGION =
      Pattern.compile("// tag::([\\w-]+)\\[]\\n(.*?)\\n\\s*// end::\\1\\[]", Pattern.DOTALL);

  private static List<Path> sources() throws IOException {
    List<Path> sources = new ArrayList<>();
    sources.add(
        ROOT.resolve("example-app/src/test/java/dev/jsignals/example/docs/GuideSnippetsTest.java"));
    sources.add(
        ROOT.resolve(
            "example-app/src/test/java/dev/jsignals/example/docs/SignalsTestSnippetTest.java"));
    sources.add(ROOT.resolve("example-app/src/main/java/dev/jsignals/example/FoodReceivers.java"));
    sources.add(ROOT.resolve("example-app/src/main/java/dev/jsignals/example/UserDao.java"));
    sources.add(ROOT.resolve("example-app/src/main/java/dev/jsignals/example/FoodOutbox.java"));
    sources.add(ROOT.resolve("example-app/src/main/java/dev/jsignals/example/WelcomeMail.java"));
    sources.add(
        ROOT.resolve("signals-kafka/src/test/java/dev/jsignals/kafka/OutboxToKafkaTest.java"));
    sources.add(
        ROOT.resolve("signals-outbox/src/test/java/dev/jsignals/outbox/TracePropagationTest.java"));
    sources.add(ROOT.resolve("example-app/src/test/plain-consumer/CloudEventsReader.java"));
    sources.add(
        ROOT.resolve(
            "example-app/src/test/java/dev/jsignals/example/docs/AsyncSendSnippetTest.java"));
    sources.add(
        ROOT.resolve(
            "signals-core/src/test/java/dev/jsignals/core/AsyncAnnotatedReceiverTest.java"));
    sources.add(
        ROOT.resolve(
            "examples/spring-boot-foodapp/src/main/java/dev/jsignals/bootfood/FoodReceivers.java"));
    sources.add(
        ROOT.resolve(
            "examples/spring-boot-foodapp/src/main/java/dev/jsignals/bootfood/Users.java"));
    sources.add(
        ROOT.resolve(
            "examples/spring-boot-foodapp/src/test/java/dev/jsignals/bootfood/RegistrationTest.java"));
    sources.add(
        ROOT.resolve(
            "signals-spring-boot-starter/src/test/java/dev/jsignals/spring/HandWiredBeansTest.java"));
    return sources;
  }

  private static List<String> regions() throws IOException {
    List<String> regions = new ArrayList<>();
    for (Path source : sources()) {
      Matcher matcher = REGION.matcher(Files.readString(source));
      while (matcher.find()) {
        regions.add(normalize(matcher.group(2)));
      }
    }
    return regions;
  }

  private static List<Path> documents() throws IOException {
    List<Path> documents = new ArrayList<>(List.of(ROOT.resolve("README.md")));
    try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(documents::add);
    }
    return documents;
  }

  /** Drops all white space, so a region formatted inside a method matches its block. */
  private static String normalize(String code) {
    return code.replaceAll("\\s+", "");
  }

  @Test
  void everyJavaBlockOfTheDocsIsCompiledCode() throws IOException {
    List<String> regions = regions();
    int blocks = 0;
    for (Path document : documents()) {
      Matcher matcher = JAVA_BLOCK.matcher(Files.readString(document));
      while (matcher.find()) {
        blocks++;
        String block = normalize(matcher.group(1));
        assertThat(regions)
            .as(
                "a Java block of %s is not a tagged region of a tested source:%n%s",
                document, block)
            .contains(block);
      }
    }
    assertThat(blocks).as("Java blocks found in the docs").isGreaterThanOrEqualTo(8);
  }
}
