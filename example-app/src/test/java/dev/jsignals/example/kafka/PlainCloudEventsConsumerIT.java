package dev.jsignals.example.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jsignals.testsupport.TestBroker;
import java.io.File;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A consumer that knows nothing of jsignals reads the Food App's events: {@code foodapp.jar --kafka
 * ... register} publishes a user's {@code post_save}, and a child JVM whose class path holds only
 * kafka-clients, the CloudEvents SDK and their dependencies runs a plain {@code KafkaConsumer} with
 * the SDK's deserializer (src/test/plain-consumer, compiled alone by the source launcher) and
 * prints every attribute. The broker is shared with the other Kafka suites.
 */
@ExtendWith(SharedBroker.class)
class PlainCloudEventsConsumerIT {
  private static final Path READER = Path.of("src/test/plain-consumer/CloudEventsReader.java");

  private static String servers = "";

  @TempDir Path dir;

  @BeforeAll
  static void shareBroker(TestBroker shared) {
    servers = shared.bootstrapServers();
  }

  /** The jars of these classes: kafka-clients, the CloudEvents SDK, and what they need. */
  private static final List<String> PLAIN_CLASSES =
      List.of(
          "org.apache.kafka.clients.consumer.KafkaConsumer",
          "io.cloudevents.CloudEvent",
          "io.cloudevents.core.builder.CloudEventBuilder",
          "io.cloudevents.kafka.CloudEventDeserializer",
          "org.slf4j.LoggerFactory",
          "com.github.luben.zstd.Zstd",
          "net.jpountz.lz4.LZ4Factory",
          "org.xerial.snappy.Snappy");

  private static String plainClassPath() throws ClassNotFoundException, URISyntaxException {
    Set<String> entries = new LinkedHashSet<>();
    for (String name : PLAIN_CLASSES) {
      Class<?> type = Class.forName(name, false, PlainCloudEventsConsumerIT.class.getClassLoader());
      entries.add(
          Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
    }
    assertThat(entries)
        .as("jars only, none of jsignals")
        .allMatch(entry -> entry.endsWith(".jar"))
        .noneMatch(entry -> entry.contains("jsignals") || entry.contains("signals-"));
    return String.join(File.pathSeparator, entries);
  }

  @Test
  void aPlainKafkaConsumerWithTheCloudEventsDeserializerReadsAUsersPostSave() throws Exception {
    Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    Follower.Exit register =
        Follower.run(
            dir,
            "--db",
            dir.resolve("food.db").toString(),
            "--kafka",
            servers,
            "register",
            "grace",
            "grace@example.com");
    Instant after = Instant.now();
    assertThat(register.code()).as(register.toString()).isZero();
    assertThat(register.err()).as(register.toString()).isEmpty();

    Map<String, String> seen = read("dev.jsignals.post_save", "\"username\":\"grace\"");

    assertThat(seen).containsEntry("jsignals", "absent");
    assertThat(seen)
        .containsEntry("key", "dev.jsignals.example.User:1")
        .containsEntry("specversion", "1.0")
        .containsEntry("type", "dev.jsignals.post_save")
        .containsEntry("source", "/foodapp")
        .containsEntry("subject", "dev.jsignals.example.User:1")
        .containsEntry("datacontenttype", "application/json")
        .containsEntry("extension model", "dev.jsignals.example.User")
        .containsEntry("extension sender", "dev.jsignals.example.User");
    assertThat(seen.get("id")).as("the stable event id").matches("[0-9a-f-]{36}");
    assertThat(OffsetDateTime.parse(seen.get("time")).toInstant())
        .as("the time of the write, from its outbox row")
        .isBetween(before, after);
    assertThat(seen.get("data"))
        .contains("\"instance\":{\"id\":1,\"username\":\"grace\",\"email\":\"grace@example.com\"}")
        .contains("\"created\":true")
        .doesNotContain("password");
  }

  /** Runs the plain reader in a child JVM and returns the attributes it printed. */
  private Map<String, String> read(String type, String text) throws Exception {
    assertThat(READER).as("the reader's source, relative to the module").exists();
    Path out = dir.resolve("reader.out");
    Path err = dir.resolve("reader.err");
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                plainClassPath(),
                READER.toString(),
                servers,
                "foodapp.users",
                type,
                text));
    Process process =
        new ProcessBuilder(command)
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    try {
      assertThat(process.waitFor(240, TimeUnit.SECONDS)).as("the reader ended").isTrue();
    } finally {
      process.destroyForcibly();
    }
    List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
    String errors = Files.readString(err, StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as(lines + errors).isZero();
    assertThat(errors).as("no stack trace").doesNotContain("Exception");
    Map<String, String> seen = new LinkedHashMap<>();
    for (String line : lines) {
      int equals = line.indexOf('=');
      seen.put(line.substring(0, equals), line.substring(equals + 1));
    }
    return seen;
  }
}
