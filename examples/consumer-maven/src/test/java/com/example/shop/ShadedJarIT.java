package com.example.shop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fat jar that the plain maven-shade-plugin configuration built (it kept one of the two
 * META-INF/jsignals/receivers files) still connects the receivers of both jars, run in its own JVM.
 */
class ShadedJarIT {
  @TempDir Path dir;

  @Test
  void shadedJarConnectsTheReceiversOfEveryJar() throws Exception {
    Path jar = Path.of(System.getProperty("shaded.jar"));
    assertThat(jar).exists();
    Path out = dir.resolve("out.txt");
    Process process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                jar.toString(),
                "com.example.shop.Main")
            .redirectErrorStream(true)
            .redirectOutput(out.toFile())
            .start();
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("the jar's run ended").isTrue();
    List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);

    assertThat(process.exitValue()).as(String.join("\n", lines)).isZero();
    assertThat(lines)
        .contains(
            "connected com.example.shop.AuditReceivers#auditNewOrder",
            "connected com.example.audit.AuditLog#log",
            "audit shop started");
  }
}
