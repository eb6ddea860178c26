package dev.jsignals.example;

import dev.jsignals.core.Signals;
import dev.jsignals.dispatch.Connection;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code foodapp signals}: lists the connected receivers. */
@Command(name = "signals", description = "List the connected receivers per signal and sender.")
final class SignalsCommand implements Callable<Integer> {
  @CommandLine.ParentCommand FoodApp app;

  @Option(names = "--format", description = "text or mermaid (default: ${DEFAULT-VALUE})")
  String format = "text";

  @Override
  public Integer call() {
    if (!format.equals("text") && !format.equals("mermaid")) {
      throw new CommandLine.ParameterException(
          app.spec.commandLine(), "--format must be text or mermaid, not '" + format + "'");
    }
    Map<String, List<Connection>> all = Signals.discover().connections();
    PrintWriter out = app.spec.commandLine().getOut();
    if (format.equals("text")) {
      all.forEach(
          (signal, connections) -> {
            for (Connection c : connections) {
              out.printf(
                  "%-12s %-10s %-45s uid=%s%n", signal, sender(c), c.receiver(), c.dispatchUid());
            }
          });
    } else {
      out.println("flowchart LR");
      all.forEach(
          (signal, connections) -> {
            for (Connection c : connections) {
              out.printf(
                  "  %s([\"%s %s\"]) --> %s[\"%s\"]%n",
                  signal + "_" + sender(c),
                  signal,
                  sender(c),
                  c.dispatchUid() == null
                      ? "r" + c.hashCode()
                      : c.dispatchUid().replace('.', '_').replace('-', '_'),
                  c.receiver());
            }
          });
    }
    return 0;
  }

  private static String sender(Connection c) {
    return c.sender() instanceof Class<?> type ? type.getSimpleName() : "any";
  }
}
