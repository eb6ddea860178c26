package dev.jsignals.kafka;

import dev.jsignals.testsupport.ChildJvm;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Starts {@link RelayMain} in a child JVM and waits until it says it runs. */
final class RelayProcess {
  private RelayProcess() {}

  static Process start(String url, String bootstrapServers, String topic) throws Exception {
    Process process =
        new ProcessBuilder(ChildJvm.command(RelayMain.class, url, bootstrapServers, topic))
            .redirectErrorStream(true)
            .start();
    CompletableFuture<Boolean> started = new CompletableFuture<>();
    StringBuilder output = new StringBuilder();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader lines =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                  synchronized (output) {
                    output.append(line).append('\n');
                  }
                  if (line.equals("relay started")) {
                    started.complete(true);
                  }
                }
              } catch (java.io.IOException e) {
                // The process was killed.
              }
              started.complete(false);
            },
            "relay-output");
    reader.setDaemon(true);
    reader.start();
    if (!started.get(90, TimeUnit.SECONDS)) {
      synchronized (output) {
        throw new AssertionError("The relay process did not start:\n" + output);
      }
    }
    return process;
  }
}
