package dev.jsignals.example;

import dev.jsignals.core.ModelEvent;
import dev.jsignals.dispatch.Signal;
import dev.jsignals.kafka.KafkaPublisher;
import dev.jsignals.kafka.KafkaTarget;
import dev.jsignals.outbox.Outbox;
import dev.jsignals.outbox.OutboxRow;
import java.io.PrintWriter;
import java.net.URI;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.KafkaException;
import org.jspecify.annotations.Nullable;

/**
 * The Kafka mirror of {@code --kafka HOST:PORT}: every committed save and delete of a user, and
 * every change of a user's favourites, writes an outbox row in the write's transaction; right after
 * the command, the rows are published to the topic {@value #TOPIC}, keyed by user, and marked
 * delivered once the broker acknowledged them. A broker that does not answer leaves the rows
 * pending for a later run with {@code --kafka}: nothing is lost. Not thread-safe: one per run.
 */
final class KafkaMirror implements AutoCloseable {
  /** The topic of the user and favourite events; {@code foodapp follow users} reads it. */
  static final String TOPIC = "foodapp.users";

  /** The CloudEvents {@code source} of every record the Food App publishes. */
  static final URI SOURCE = URI.create("/foodapp");

  /** A run that meets a broker that does not answer gives up after this long (milliseconds). */
  static final int WAIT_MILLIS = 10_000;

  private final Outbox outbox;
  private final KafkaPublisher publisher;
  private final String servers;
  private @Nullable Exception failure;

  private KafkaMirror(Store store, String servers) {
    this.servers = servers;
    try {
      this.publisher =
          KafkaPublisher.builder(servers)
              .topicFor(model -> TOPIC)
              .source(SOURCE)
              .property("client.id", "foodapp-mirror")
              .property("max.block.ms", WAIT_MILLIS)
              .property("request.timeout.ms", WAIT_MILLIS)
              .property("delivery.timeout.ms", WAIT_MILLIS + 1_000)
              .build();
    } catch (KafkaException e) {
      throw refused(servers, e);
    }
    // A run without --kafka never publishes: attempts are only counted by runs that try.
    this.outbox = Outbox.builder(store.jdbi, store.signals).maxAttempts(1_000).build();
    route(store.signals.postSave().signal(), User.class);
    route(store.signals.postDelete().signal(), User.class);
    route(store.signals.m2mChanged(), Favorite.class);
  }

  /**
   * Mirrors the store's user and favourite events to the cluster, when one is given.
   *
   * @param store the run's database
   * @param servers {@code HOST:PORT[,HOST:PORT...]} of {@code --kafka}, or null for no mirror
   * @return the mirror, or null
   */
  static @Nullable KafkaMirror open(Store store, @Nullable String servers) {
    return servers == null ? null : new KafkaMirror(store, servers(servers));
  }

  /** Checks {@code --kafka}'s value: one or more {@code HOST:PORT}, comma-separated. */
  static String servers(String value) {
    for (String server : value.split(",", -1)) {
      int colon = server.lastIndexOf(':');
      if (colon <= 0 || !server.substring(colon + 1).matches("[0-9]{1,5}")) {
        throw new Refusal(
            "--kafka must be HOST:PORT[,HOST:PORT...], such as localhost:9092, not '"
                + Validation.echo(value)
                + "'");
      }
    }
    return value;
  }

  /** The one line for a cluster the Kafka client refuses to use (a host that does not resolve). */
  static Refusal refused(String servers, KafkaException e) {
    Throwable cause = e.getCause() != null ? e.getCause() : e;
    return new Refusal(
        "--kafka "
            + Validation.echo(servers)
            + ": "
            + Validation.echo(String.valueOf(cause.getMessage())));
  }

  private void route(Signal<? extends ModelEvent<?>> signal, Class<?> sender) {
    KafkaTarget kafka = new KafkaTarget(publisher, sender);
    outbox.route(
        signal,
        sender,
        "kafka:" + signal.name() + ":" + sender.getName(),
        row -> publish(kafka, row));
  }

  /** Publishes a row; after one failure in this run, the others wait without trying. */
  private void publish(KafkaTarget kafka, OutboxRow row) throws Exception {
    if (failure != null) {
      throw new IllegalStateException("Kafka did not answer earlier in this run", failure);
    }
    try {
      kafka.deliver(row);
    } catch (Exception e) {
      failure = e;
      throw e;
    }
  }

  /**
   * Publishes the rows that are due (this command's and those earlier runs left), in this thread.
   * If rows wait but no broker answers within {@link #WAIT_MILLIS}, none is tried (a large import
   * would otherwise log one failed attempt per row) and one line on {@code err} says so.
   *
   * @param err where the warning goes
   * @return how many events were published
   * @throws InterruptedException if interrupted while waiting for the broker
   */
  int publishDue(PrintWriter err) throws InterruptedException {
    if (outbox.status().pending() == 0) {
      return 0;
    }
    if (!answers(servers)) {
      err.println(
          "warning: events not mirrored to Kafka yet, a later run with --kafka sends them: no"
              + " broker answered at "
              + Validation.echo(servers)
              + " within "
              + WAIT_MILLIS / 1000
              + " s");
      return 0;
    }
    int published = outbox.deliverDue();
    if (failure != null) {
      err.println(
          "warning: events not mirrored to Kafka yet, a later run with --kafka sends them: "
              + Validation.echo(servers)
              + " did not acknowledge them ("
              + Validation.echo(String.valueOf(failure.getMessage()))
              + ")");
    }
    return published;
  }

  /**
   * Whether a broker of the cluster answers within {@link #WAIT_MILLIS}.
   *
   * @param servers the cluster
   * @return true if it described itself in time
   * @throws Refusal if the Kafka client refuses the address (a host that does not resolve)
   * @throws InterruptedException if interrupted while waiting
   */
  static boolean answers(String servers) throws InterruptedException {
    Properties config = new Properties();
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
    config.put(AdminClientConfig.CLIENT_ID_CONFIG, "foodapp");
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, WAIT_MILLIS);
    config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, WAIT_MILLIS);
    try (Admin admin = Admin.create(config)) {
      admin.describeCluster().nodes().get(WAIT_MILLIS, TimeUnit.MILLISECONDS);
      return true;
    } catch (ExecutionException | TimeoutException e) {
      return false;
    } catch (KafkaException e) {
      throw refused(servers, e);
    }
  }

  @Override
  public void close() {
    outbox.close();
    publisher.close();
  }
}
