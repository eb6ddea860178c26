package dev.jsignals.processor;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.tools.Diagnostic;
import javax.tools.FileObject;
import javax.tools.StandardLocation;

/**
 * Checks every {@code @Receiver} method at compile time, generates a registrar next to each class
 * that declares some, and writes the index that {@code Signals.discover()} reads: {@code
 * META-INF/jsignals/receivers}, and the same lines under a name unique to the compiled module in
 * {@code META-INF/jsignals/index/}, so that a fat jar whose build keeps only one of several {@code
 * receivers} files still finds every module's receivers.
 *
 * <p>Registered as a service: put {@code dev.jsignals:signals-processor} on the annotation
 * processor path (Maven {@code <annotationProcessorPaths>}, Gradle {@code annotationProcessor}).
 * javac creates one instance per compilation and calls it from one thread.
 */
public final class ReceiverProcessor extends AbstractProcessor {
  private static final String RECEIVER = ReceiverRules.RECEIVER;

  private final Map<String, List<ReceiverMethod>> byPackage = new LinkedHashMap<>();
  private final Map<String, Element> origins = new LinkedHashMap<>();
  private final List<String> indexLines = new ArrayList<>();

  /** Creates the processor; javac calls it. */
  public ReceiverProcessor() {}

  @Override
  public Set<String> getSupportedAnnotationTypes() {
    return Set.of(RECEIVER);
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    TypeElement receiver = processingEnv.getElementUtils().getTypeElement(RECEIVER);
    if (receiver != null) {
      for (Element element : round.getElementsAnnotatedWith(receiver)) {
        if (element.getKind() == ElementKind.METHOD) {
          check((ExecutableElement) element);
        }
      }
    }
    if (round.processingOver()) {
      writeIndex();
    } else {
      generateRegistrars();
    }
    return false;
  }

  private void check(ExecutableElement method) {
    ReceiverMethod.Checker checker = new ReceiverMethod.Checker(processingEnv, method);
    String problem = checker.problem();
    TypeElement type = (TypeElement) method.getEnclosingElement();
    if (problem != null) {
      processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, problem, method);
      return;
    }
    PackageElement pkg = processingEnv.getElementUtils().getPackageOf(type);
    String packageName = pkg.isUnnamed() ? "" : pkg.getQualifiedName().toString();
    byPackage.computeIfAbsent(packageName, p -> new ArrayList<>()).add(checker.result());
    origins.putIfAbsent(packageName, type);
  }

  private void generateRegistrars() {
    for (Map.Entry<String, List<ReceiverMethod>> entry : byPackage.entrySet()) {
      String packageName = entry.getKey();
      List<ReceiverMethod> methods = entry.getValue();
      List<String> names = methods.stream().map(ReceiverMethod::name).sorted().toList();
      String simple = ReceiverRules.REGISTRAR_PREFIX + String.format("%08x", names.hashCode());
      String registrar = packageName.isEmpty() ? simple : packageName + "." + simple;
      for (ReceiverMethod method : methods) {
        indexLines.add(method.indexLine(registrar));
      }
      Element origin = origins.get(packageName);
      try (Writer out = processingEnv.getFiler().createSourceFile(registrar, origin).openWriter()) {
        out.write(Registrars.source(packageName, simple, methods));
      } catch (IOException e) {
        processingEnv
            .getMessager()
            .printMessage(Diagnostic.Kind.ERROR, "Cannot write " + registrar + ": " + e, origin);
      }
    }
    byPackage.clear();
    origins.clear();
  }

  private void writeIndex() {
    if (indexLines.isEmpty()) {
      return;
    }
    List<String> registrars =
        indexLines.stream()
            .map(line -> line.substring(line.lastIndexOf(' ') + 1))
            .sorted()
            .toList();
    String first = registrars.get(0);
    String unique =
        ReceiverRules.INDEX_FOLDER
            + (first.contains(".") ? first.substring(0, first.lastIndexOf('.')) : "default")
            + "-"
            + String.format("%08x", registrars.hashCode());
    write(ReceiverRules.INDEX);
    write(unique);
  }

  private void write(String resource) {
    try {
      FileObject index =
          processingEnv.getFiler().createResource(StandardLocation.CLASS_OUTPUT, "", resource);
      try (Writer out = index.openWriter()) {
        out.write("# jsignals receiver index: one @Receiver method and its registrar per line\n");
        for (String line : indexLines) {
          out.write(line);
          out.write('\n');
        }
      }
    } catch (IOException e) {
      processingEnv
          .getMessager()
          .printMessage(Diagnostic.Kind.ERROR, "Cannot write " + resource + ": " + e);
    }
  }

  static boolean isPrivateOrInPrivate(TypeElement type) {
    Element current = type;
    while (current instanceof TypeElement t) {
      if (t.getModifiers().contains(Modifier.PRIVATE)) {
        return true;
      }
      current = t.getEnclosingElement();
    }
    return false;
  }

  static boolean isSuppliable(TypeElement type) {
    return type.getKind() == ElementKind.CLASS
        && !type.getModifiers().contains(Modifier.ABSTRACT)
        && (type.getNestingKind() == NestingKind.TOP_LEVEL
            || (type.getNestingKind() == NestingKind.MEMBER
                && type.getModifiers().contains(Modifier.STATIC)));
  }

  static TypeMirror firstTypeArgument(TypeMirror type) {
    if (type.getKind() == TypeKind.DECLARED) {
      List<? extends TypeMirror> arguments = ((DeclaredType) type).getTypeArguments();
      if (!arguments.isEmpty()) {
        return arguments.get(0);
      }
    }
    return null;
  }
}
