package dev.jsignals.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;

/**
 * Real builds for the discovery tests: javac with the processor on its processor path (as Maven's
 * {@code <annotationProcessorPaths>} passes it) or without it, the JDK's {@code jar} tool, and a
 * second JVM that runs the result.
 */
final class JarBuild {
  private JarBuild() {}

  /** Where a class was loaded from: a jar or a classes folder of this build. */
  static Path locationOf(Class<?> type) throws Exception {
    return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
  }

  /**
   * Compiles the sources against signals-core and packs the classes and resources into a jar.
   *
   * @param withProcessor whether signals-processor is on javac's processor path
   */
  static Path jar(Path root, boolean withProcessor, Map<String, String> sources) throws Exception {
    Path src = Files.createDirectories(root.resolve("src"));
    Path classes = Files.createDirectories(root.resolve("classes"));
    List<Path> files = new ArrayList<>();
    for (Map.Entry<String, String> source : sources.entrySet()) {
      Path file = src.resolve(source.getKey().replace('.', '/') + ".java");
      Files.createDirectories(file.getParent());
      Files.writeString(file, source.getValue());
      files.add(file);
    }
    List<String> options = new ArrayList<>();
    options.addAll(List.of("--release", "17", "-d", classes.toString()));
    options.addAll(List.of("-classpath", locationOf(Signals.class).toString()));
    if (withProcessor) {
      Path processor = locationOf(Class.forName("dev.jsignals.processor.ReceiverProcessor"));
      options.addAll(List.of("-processorpath", processor.toString()));
    } else {
      options.add("-proc:none");
    }
    JavaCompiler javac = javax.tools.ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    try (StandardJavaFileManager manager = javac.getStandardFileManager(diagnostics, null, null)) {
      boolean ok =
          javac
              .getTask(
                  new StringWriter(),
                  manager,
                  diagnostics,
                  options,
                  null,
                  manager.getJavaFileObjectsFromPaths(files))
              .call();
      List<String> errors =
          diagnostics.getDiagnostics().stream()
              .filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
              .map(d -> d.getMessage(Locale.ROOT))
              .toList();
      assertThat(errors).as("javac errors").isEmpty();
      assertThat(ok).isTrue();
    }
    Path jar = root.resolve(root.getFileName() + ".jar");
    runJarTool("--create", "--file", jar.toString(), "-C", classes.toString(), ".");
    return jar;
  }

  /**
   * A fat jar made the way many builds make one: every jar unpacked into one folder, a later file
   * replacing an earlier one of the same name, then packed again. Of several {@code
   * META-INF/jsignals/receivers} only the last survives, as with a shade configuration that has no
   * resource transformer for it (which keeps the first).
   */
  static Path fatJar(Path root, Path... jars) throws Exception {
    Path unpacked = Files.createDirectories(root.resolve("unpacked"));
    for (Path jar : jars) {
      try (JarFile file = new JarFile(jar.toFile())) {
        Enumeration<JarEntry> entries = file.entries();
        while (entries.hasMoreElements()) {
          JarEntry entry = entries.nextElement();
          Path target = unpacked.resolve(entry.getName()).normalize();
          assertThat(target).startsWithRaw(unpacked);
          if (entry.isDirectory()) {
            Files.createDirectories(target);
          } else if (!entry.getName().equals(JarFile.MANIFEST_NAME)) {
            Files.createDirectories(target.getParent());
            try (InputStream in = file.getInputStream(entry)) {
              Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            }
          }
        }
      }
    }
    Path fat = root.resolve("fat.jar");
    runJarTool("--create", "--file", fat.toString(), "-C", unpacked.toString(), ".");
    return fat;
  }

  /** The entries of a jar whose names start with the prefix. */
  static List<String> entries(Path jar, String prefix) throws IOException {
    try (JarFile file = new JarFile(jar.toFile());
        Stream<JarEntry> all = file.stream()) {
      return all.map(JarEntry::getName).filter(n -> n.startsWith(prefix)).toList();
    }
  }

  /** The text of one entry of a jar. */
  static String read(Path jar, String name) throws IOException {
    try (JarFile file = new JarFile(jar.toFile());
        InputStream in = file.getInputStream(file.getJarEntry(name))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static void runJarTool(String... args) {
    ToolProvider jar = ToolProvider.findFirst("jar").orElseThrow();
    StringWriter out = new StringWriter();
    int status = jar.run(new PrintWriter(out), new PrintWriter(out), args);
    assertThat(status).as("jar %s: %s", String.join(" ", args), out).isZero();
  }

  /** What a second JVM printed, and how it ended. */
  record Run(int exitCode, String output) {}

  /** Runs the main class in a new JVM on signals-core, SLF4J and the given jars. */
  static Run run(Path logFile, String mainClass, Path... jars) throws Exception {
    List<String> classPath = new ArrayList<>();
    classPath.add(locationOf(Signals.class).toString());
    classPath.add(locationOf(org.slf4j.Logger.class).toString());
    for (Path jar : jars) {
      classPath.add(jar.toString());
    }
    Process process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                String.join(java.io.File.pathSeparator, classPath),
                mainClass)
            .redirectErrorStream(true)
            .redirectOutput(logFile.toFile())
            .start();
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("The JVM running " + mainClass + " did not end in 120 s");
    }
    return new Run(process.exitValue(), Files.readString(logFile));
  }
}
