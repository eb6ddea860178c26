package dev.jsignals.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/** Compiles small sources for real with javac and the processor found on the class path. */
record Compilation(boolean success, List<String> errors, Path output) {

  static Compilation compile(Path root, Map<String, String> sources) throws IOException {
    Path src = Files.createDirectories(root.resolve("src"));
    Path out = Files.createDirectories(root.resolve("classes"));
    List<Path> files = new ArrayList<>();
    for (Map.Entry<String, String> source : sources.entrySet()) {
      Path file = src.resolve(source.getKey().replace('.', '/') + ".java");
      Files.createDirectories(file.getParent());
      Files.writeString(file, source.getValue());
      files.add(file);
    }
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    try (StandardJavaFileManager manager = javac.getStandardFileManager(diagnostics, null, null)) {
      List<String> options =
          List.of(
              "-proc:full",
              "-classpath",
              System.getProperty("java.class.path"),
              "-d",
              out.toString(),
              "--release",
              "17");
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
      return new Compilation(ok, errors, out);
    }
  }

  String singleError() {
    assertThat(success).as("compilation should fail").isFalse();
    assertThat(errors).hasSize(1);
    return errors.get(0);
  }
}
