package dev.jsignals.core;

import dev.jsignals.dispatch.Connection;
import dev.jsignals.dispatch.SignalException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.JarURLConnection;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.jar.JarEntry;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The receiver indexes on a class path: every {@code META-INF/jsignals/receivers} resource and, in
 * the same jar or folder, every copy under {@code META-INF/jsignals/index/}; each line names one
 * {@link Receiver} method and the registrar generated for its class. No index at all fails loudly:
 * the annotation processor did not run.
 */
final class ReceiverIndex {
  private static final Pattern LINE =
      Pattern.compile("([\\p{L}\\p{N}_$.]+)#([\\p{L}\\p{N}_$]+)\\(([^)]+)\\) ([\\p{L}\\p{N}_$.]+)");

  private static final MethodType REGISTER =
      MethodType.methodType(List.class, Signals.class, Function.class, Predicate.class);

  private final Set<String> registrars;

  private ReceiverIndex(Set<String> registrars) {
    this.registrars = registrars;
  }

  static ReceiverIndex read(ClassLoader loader) {
    List<URL> resources;
    try {
      resources = Collections.list(loader.getResources(ReceiverRules.INDEX));
    } catch (IOException e) {
      throw new SignalException(
          "Cannot list the receiver indexes " + ReceiverRules.INDEX + ": " + e, e);
    }
    if (resources.isEmpty()) {
      throw new SignalException(
          "Signals.discover() found no receiver index ("
              + ReceiverRules.INDEX
              + ") on the class path: no @Receiver method was compiled with the jsignals"
              + " annotation processor. Put dev.jsignals:signals-processor on the compiler's"
              + " annotation processor path (Maven: <annotationProcessorPaths> of the"
              + " maven-compiler-plugin; Gradle: annotationProcessor"
              + " 'dev.jsignals:signals-processor:<version>'), then rebuild. An application without"
              + " @Receiver methods uses Signals.create() instead.");
    }
    Set<String> registrars = new LinkedHashSet<>();
    Set<String> read = new HashSet<>();
    for (URL resource : resources) {
      readOne(resource, registrars);
      for (URL copy : copiesBeside(resource)) {
        if (read.add(copy.toString())) {
          readOne(copy, registrars);
        }
      }
    }
    return new ReceiverIndex(registrars);
  }

  /**
   * The uniquely named index copies in the jar or folder that holds one index: they survive a fat
   * jar build that kept only one {@link Rules#INDEX} of several.
   */
  private static List<URL> copiesBeside(URL index) {
    String text = index.toString();
    if (!text.endsWith(ReceiverRules.INDEX)) {
      return List.of();
    }
    String base = text.substring(0, text.length() - ReceiverRules.INDEX.length());
    List<String> names = new ArrayList<>();
    try {
      if (index.getProtocol().equals("file")) {
        Path folder = Path.of(index.toURI()).resolveSibling("index");
        if (Files.isDirectory(folder)) {
          try (Stream<Path> files = Files.list(folder)) {
            files
                .filter(Files::isRegularFile)
                .forEach(f -> names.add(ReceiverRules.INDEX_FOLDER + f.getFileName()));
          }
        }
      } else if (index.openConnection() instanceof JarURLConnection jar) {
        jar.getJarFile().stream()
            .map(JarEntry::getName)
            .filter(n -> n.startsWith(ReceiverRules.INDEX_FOLDER) && !n.endsWith("/"))
            .forEach(names::add);
      }
      List<URL> copies = new ArrayList<>();
      for (String name : names.stream().sorted().toList()) {
        copies.add(URI.create(base + name).toURL());
      }
      return copies;
    } catch (IOException | URISyntaxException | IllegalArgumentException e) {
      throw new SignalException("Cannot list the receiver indexes beside " + index + ": " + e, e);
    }
  }

  private static void readOne(URL resource, Set<String> registrars) {
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(resource.openStream(), StandardCharsets.UTF_8))) {
      String line;
      int number = 0;
      while ((line = reader.readLine()) != null) {
        number++;
        String text = line.strip();
        if (text.isEmpty() || text.startsWith("#")) {
          continue;
        }
        Matcher matcher = LINE.matcher(text);
        if (!matcher.matches()) {
          throw new SignalException(
              "Corrupt receiver index "
                  + resource
                  + " line "
                  + number
                  + ": '"
                  + text
                  + "' is not 'com.example.Type#method(EventType) com.example.Registrar'."
                  + " Rebuild the jar that contains it (the annotation processor writes it).");
        }
        registrars.add(matcher.group(4));
      }
    } catch (IOException e) {
      throw new SignalException("Cannot read the receiver index " + resource + ": " + e, e);
    }
  }

  /**
   * Calls the {@code register} method of every registrar once, through a method handle, and returns
   * every handle it made, duplicates included.
   */
  List<Connection> connect(Signals signals, Function<Class<?>, ?> factory, ClassLoader loader) {
    if (registrars.isEmpty()) {
      throw new SignalException(
          "The receiver indexes ("
              + ReceiverRules.INDEX
              + ") list no receiver. Rebuild the jars that contain them.");
    }
    List<MethodHandle> loaded = new ArrayList<>();
    for (String name : registrars) {
      loaded.add(load(name, loader));
    }
    Function<Class<?>, Object> instances = ReceiverConnector.checked(factory);
    Predicate<String> muted = signals.gate();
    List<Connection> made = new ArrayList<>();
    Iterator<String> names = registrars.iterator();
    for (MethodHandle register : loaded) {
      String name = names.next();
      try {
        for (Object connection : (List<?>) register.invokeExact(signals, instances, muted)) {
          made.add((Connection) connection);
        }
      } catch (SignalException | Error e) {
        throw e;
      } catch (Throwable e) {
        throw new SignalException("Registrar " + name + " failed: " + e, e);
      }
    }
    return made;
  }

  private static MethodHandle load(String name, ClassLoader loader) {
    Class<?> type;
    try {
      type = Class.forName(name, true, loader);
    } catch (ClassNotFoundException | LinkageError e) {
      throw new SignalException(
          "The receiver index names "
              + name
              + ", which cannot be loaded: "
              + e
              + ". Rebuild the jar that contains the index, or remove the stale one from the"
              + " class path.",
          e);
    }
    try {
      return MethodHandles.lookup()
          .findStatic(type, ReceiverRules.REGISTRAR_METHOD, REGISTER)
          .asType(REGISTER);
    } catch (NoSuchMethodException | IllegalAccessException e) {
      throw new SignalException(
          "The receiver index names "
              + name
              + ", which has no public static List<Connection> "
              + ReceiverRules.REGISTRAR_METHOD
              + "(Signals, Function, Predicate): it was generated by another version of signals-processor,"
              + " or its package is not exported. Rebuild the jar that contains it with the"
              + " signals-processor of this signals-core version.",
          e);
    }
  }
}
