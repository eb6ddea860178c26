package dev.jsignals.test;

import dev.jsignals.core.Signals;
import dev.jsignals.dispatch.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * The receivers a {@link MuteSignals} names, checked against what is connected: a class or name
 * that matches no receiver is a mistake (a typo, a renamed method) that would otherwise mute
 * nothing in silence. Immutable, thread-safe.
 */
final class ReceiverMutes implements Predicate<String> {
  private final Set<String> names;
  private final List<String> prefixes;

  private ReceiverMutes(Set<String> names, List<String> prefixes) {
    this.names = names;
    this.prefixes = prefixes;
  }

  /** The receiver mute of the annotation, or null if it names no receiver. */
  static @Nullable ReceiverMutes of(MuteSignals mute, List<Signals> all) {
    boolean noReceivers = mute.receivers().length == 0 && mute.receiverNames().length == 0;
    if (noReceivers && mute.value().length == 0) {
      throw new ExtensionConfigurationException(
          "@MuteSignals names nothing to mute: give event types (@MuteSignals(PostSave.class)),"
              + " receiver classes (receivers = ...) or receiver names (receiverNames = ...)");
    }
    if (noReceivers) {
      return null;
    }
    Set<String> connected =
        all.stream()
            .flatMap(signals -> signals.connections().values().stream())
            .flatMap(List::stream)
            .map(Connection::receiver)
            .collect(Collectors.toSet());
    List<String> prefixes = new ArrayList<>();
    for (Class<?> type : mute.receivers()) {
      String prefix = type.getName() + "#";
      if (connected.stream().noneMatch(n -> n.startsWith(prefix))) {
        throw new ExtensionConfigurationException(
            "@MuteSignals(receivers = "
                + type.getName()
                + ".class): no @Receiver method of that class is connected to the test's Signals");
      }
      prefixes.add(prefix);
    }
    for (String name : mute.receiverNames()) {
      if (!connected.contains(name)) {
        throw new ExtensionConfigurationException(
            "@MuteSignals(receiverNames = \""
                + name
                + "\"): no receiver of that name is connected to the test's Signals; names look"
                + " like com.example.SendWelcomeMail#send");
      }
    }
    return new ReceiverMutes(Set.copyOf(List.of(mute.receiverNames())), List.copyOf(prefixes));
  }

  @Override
  public boolean test(String receiverName) {
    if (names.contains(receiverName)) {
      return true;
    }
    for (String prefix : prefixes) {
      if (receiverName.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }
}
