package dev.jsignals.benchmarks;

import dev.jsignals.core.Receiver;
import dev.jsignals.core.Signals;
import io.github.classgraph.ClassGraph;
import io.github.classgraph.ScanResult;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Start-up cost of finding and connecting 1,000 {@code @Receiver} methods in 1,000 classes: the
 * compile-time index ({@link Signals#connectDiscovered}) beside a class-path scan with ClassGraph
 * followed by a reflective connect. Each operation uses a fresh class loader, so class loading is
 * part of both measurements.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 10)
@Measurement(iterations = 20)
@Fork(1)
@State(Scope.Benchmark)
public class DiscoveryBenchmark {
  private static final int RECEIVERS = 1_000;

  private Path root;
  private URL classes;
  private int indexedByThisJar;

  @Setup(Level.Trial)
  public void compileReceivers() throws IOException {
    root = Files.createTempDirectory("jsignals-discovery");
    Path src = Files.createDirectories(root.resolve("src/gen"));
    Path out = Files.createDirectories(root.resolve("classes"));
    List<Path> files = new ArrayList<>();
    for (int i = 0; i < RECEIVERS; i++) {
      String name = String.format("R%04d", i);
      Path file = src.resolve(name + ".java");
      Files.writeString(
          file,
          "package gen;\n"
              + "public final class "
              + name
              + " {\n  @dev.jsignals.core.Receiver\n"
              + "  public static void on(dev.jsignals.benchmarks.BenchmarkReceivers.Tick t) {}\n}\n");
      files.add(file);
    }
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    try (StandardJavaFileManager manager = javac.getStandardFileManager(null, null, null)) {
      boolean ok =
          javac
              .getTask(
                  null,
                  manager,
                  null,
                  List.of(
                      "-proc:full",
                      "-classpath",
                      System.getProperty("java.class.path"),
                      "-d",
                      out.toString()),
                  null,
                  manager.getJavaFileObjectsFromPaths(files))
              .call();
      if (!ok) {
        throw new IllegalStateException("generated receivers did not compile");
      }
    }
    classes = out.toUri().toURL();
    // The fresh loaders also see this jar's own index (BenchmarkReceivers) through their parent.
    indexedByThisJar = connectedBy(DiscoveryBenchmark.class.getClassLoader());
  }

  @TearDown(Level.Trial)
  public void deleteReceivers() throws IOException {
    try (var paths = Files.walk(root)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  private URLClassLoader freshLoader() {
    return new URLClassLoader(new URL[] {classes}, DiscoveryBenchmark.class.getClassLoader());
  }

  private static int connectedBy(ClassLoader loader) {
    Signals signals = Signals.create();
    signals.connectDiscovered(loader);
    return signals.connections().values().stream().mapToInt(java.util.List::size).sum();
  }

  /** Reads the index, loads the generated registrars and connects. */
  @Benchmark
  public int compileTimeIndex() throws IOException {
    try (URLClassLoader loader = freshLoader()) {
      return connectedOrFail(connectedBy(loader) - indexedByThisJar);
    }
  }

  /** Scans the class path with ClassGraph, loads the classes found and connects by reflection. */
  @Benchmark
  public int classGraphScan() throws IOException {
    try (URLClassLoader loader = freshLoader();
        ScanResult scan =
            new ClassGraph()
                .overrideClassLoaders(loader)
                .ignoreParentClassLoaders()
                .enableMethodInfo()
                .enableAnnotationInfo()
                .scan()) {
      Signals signals = Signals.create();
      int connected = 0;
      for (Class<?> type :
          scan.getClassesWithMethodAnnotation(Receiver.class.getName()).loadClasses()) {
        connected += signals.connectAnnotated(type).size();
      }
      return connectedOrFail(connected);
    }
  }

  private static int connectedOrFail(int connected) {
    if (connected != RECEIVERS) {
      throw new IllegalStateException("connected " + connected + " receivers, not " + RECEIVERS);
    }
    return connected;
  }
}
