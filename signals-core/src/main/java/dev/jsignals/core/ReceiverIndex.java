package dev.jsignals.core;

import dev.jsignals.core.processor.Rules;
import dev.jsignals.dispatch.Connection;
import dev.jsignals.dispatch.SignalException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The receiver indexes on a class path: every {@code META-INF/jsignals/receivers} resource, each
 * line naming one {@link Receiver} method and the registrar generated for its class.
 */
final class ReceiverIndex {
  private static final Logger log = LoggerFactory.getLogger(Signals.class);
  private static final Pattern LINE =
      Pattern.compile("([\\p{L}\\p{N}_$.]+)#([\\p{L}\\p{N}_$]+)\\(([^)]+)\\) ([\\p{L}\\p{N}_$.]+)");

  private final Set<String> registrars;

  private ReceiverIndex(Set<String> registrars) {
    this.registrars = registrars;
  }

  static ReceiverIndex read(ClassLoader loader) {
    List<URL> resources;
    try {
      resources = Collections.list(loader.getResources(Rules.INDEX));
    } catch (IOException e) {
      throw new SignalException("Cannot list the receiver indexes " + Rules.INDEX + ": " + e, e);
    }
    if (resources.isEmpty()) {
      log.warn(
          "No {} found on the class path, so no @Receiver method was connected. The index is"
              + " written by the annotation processor in signals-core: on JDK 23 and newer,"
              + " processors on the class path no longer run by default; add signals-core to"
              + " <annotationProcessorPaths> (Maven) or pass -proc:full to javac.",
          Rules.INDEX);
    }
    Set<String> registrars = new LinkedHashSet<>();
    for (URL resource : resources) {
      readOne(resource, registrars);
    }
    return new ReceiverIndex(registrars);
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

  List<Connection> connect(Signals signals, ReceiverFactory factory, ClassLoader loader) {
    List<ReceiverRegistrar> loaded = new ArrayList<>();
    for (String name : registrars) {
      loaded.add(load(name, loader));
    }
    ReceiverRegistrar.Registration registration =
        new ReceiverRegistrar.Registration(signals, factory);
    for (ReceiverRegistrar registrar : loaded) {
      try {
        registrar.register(registration);
      } catch (SignalException e) {
        throw e;
      } catch (Exception e) {
        throw new SignalException(
            "Registrar " + registrar.getClass().getName() + " failed: " + e, e);
      }
    }
    return registration.connections().stream().filter(c -> !c.isDuplicate()).toList();
  }

  private static ReceiverRegistrar load(String name, ClassLoader loader) {
    try {
      Class<?> type = Class.forName(name, true, loader);
      if (!ReceiverRegistrar.class.isAssignableFrom(type)) {
        throw new SignalException(
            "The receiver index names "
                + name
                + ", which is not a ReceiverRegistrar. Rebuild the jar that contains it.");
      }
      return (ReceiverRegistrar) type.getConstructor().newInstance();
    } catch (ReflectiveOperationException | LinkageError e) {
      throw new SignalException(
          "The receiver index names "
              + name
              + ", which cannot be loaded: "
              + e
              + ". Rebuild the jar that contains the index, or remove the stale one from the"
              + " class path.",
          e);
    }
  }
}
