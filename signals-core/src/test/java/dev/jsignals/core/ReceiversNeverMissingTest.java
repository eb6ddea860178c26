package dev.jsignals.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Receivers are never silently missing: real jars compiled by javac (with the processor on its
 * processor path, or without it), packed by the JDK's jar tool and run in a second JVM, as an
 * application would be.
 */
class ReceiversNeverMissingTest {
  @TempDir Path dir;

  private static final String MAIN =
      """
      package com.example.app;
      public final class Main {
        public static void main(String[] args) {
          dev.jsignals.core.Signals.discover().connections().values().stream()
              .flatMap(java.util.List::stream)
              .forEach(c -> System.out.println("connected " + c.receiver()));
        }
      }
      """;

  private static final String USERS =
      """
      package com.example.app;
      final class UserReceivers {
        @dev.jsignals.core.Receiver
        static void createProfile(dev.jsignals.core.PostSave<StringBuilder> event) {}
      }
      """;

  private static final String AUDIT =
      """
      package com.example.audit;
      final class AuditReceivers {
        @dev.jsignals.core.Receiver
        static void audit(dev.jsignals.core.PostDelete<StringBuilder> event) {}
      }
      """;

  private Path appJar(boolean withProcessor) throws Exception {
    return JarBuild.jar(
        Files.createDirectories(dir.resolve("app")),
        withProcessor,
        Map.of("com.example.app.Main", MAIN, "com.example.app.UserReceivers", USERS));
  }

  private Path auditJar() throws Exception {
    return JarBuild.jar(
        Files.createDirectories(dir.resolve("audit")),
        true,
        Map.of("com.example.audit.AuditReceivers", AUDIT));
  }

  @Test
  void receiversInSeveralJarsAreAllConnected() throws Exception {
    JarBuild.Run run =
        JarBuild.run(dir.resolve("run.log"), "com.example.app.Main", appJar(true), auditJar());

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output())
        .contains("connected com.example.app.UserReceivers#createProfile")
        .contains("connected com.example.audit.AuditReceivers#audit");
  }

  @Test
  void fatJarThatKeptOneIndexOfTwoStillConnectsEveryReceiver() throws Exception {
    Path fat = JarBuild.fatJar(dir, appJar(true), auditJar());
    assertThat(JarBuild.entries(fat, "META-INF/jsignals/receivers")).hasSize(1);
    assertThat(JarBuild.read(fat, "META-INF/jsignals/receivers"))
        .as("the merge overwrote one module's index with the other's")
        .doesNotContain("UserReceivers");
    assertThat(JarBuild.entries(fat, "META-INF/jsignals/index/"))
        .filteredOn(name -> !name.endsWith("/"))
        .hasSize(2);

    JarBuild.Run run = JarBuild.run(dir.resolve("run.log"), "com.example.app.Main", fat);

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output())
        .contains("connected com.example.app.UserReceivers#createProfile")
        .contains("connected com.example.audit.AuditReceivers#audit");
  }

  @Test
  void applicationCompiledWithoutTheProcessorFailsAtDiscoveryNamingTheFix() throws Exception {
    Path app = appJar(false);
    assertThat(JarBuild.entries(app, "META-INF/jsignals/")).as("nothing indexed").isEmpty();

    JarBuild.Run run = JarBuild.run(dir.resolve("run.log"), "com.example.app.Main", app);

    assertThat(run.exitCode()).isNotZero();
    assertThat(run.output())
        .contains("SignalException: Signals.discover() found no receiver index")
        .contains("dev.jsignals:signals-processor")
        .contains("<annotationProcessorPaths>")
        .contains("annotationProcessor 'dev.jsignals:signals-processor:<version>'")
        .doesNotContain("connected ");
  }
}
