package dev.jsignals.example;

import dev.jsignals.core.M2MChanged;
import dev.jsignals.core.Signals;
import dev.jsignals.kafka.SignalsConsumer;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.KafkaException;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code foodapp follow users --kafka HOST:PORT}: prints the user and favourite events that {@code
 * --kafka} mirrors, one line each, as they arrive from Kafka, until stopped (Ctrl-C or SIGTERM).
 * The consumer group resumes after the last event it printed. It never opens the database.
 */
@Command(
    name = "follow",
    description = "Print the events of a Kafka topic as they arrive, until stopped (Ctrl-C).")
final class FollowCommand implements Callable<Integer> {
  @CommandLine.ParentCommand FoodApp app;

  @Parameters(paramLabel = "TOPIC", description = "users: the user and favourite events")
  String topic = "";

  @Option(
      names = "--kafka",
      paramLabel = "HOST:PORT",
      description = "the Kafka cluster (default: foodapp's --kafka, else $FOODAPP_KAFKA)")
  @Nullable String kafka;

  @Option(
      names = "--group",
      paramLabel = "NAME",
      description =
          "consumer group; it resumes after its last printed event (default: ${DEFAULT-VALUE})")
  String group = "foodapp-follow";

  private final AtomicLong printed = new AtomicLong();

  @Override
  public Integer call() throws InterruptedException {
    String given = kafka != null ? kafka : app.kafka;
    if (given == null) {
      throw new Refusal("follow needs a Kafka cluster: give --kafka HOST:PORT");
    }
    String servers = KafkaMirror.servers(given);
    if (!topic.equals("users")) {
      throw new Refusal(
          "unknown topic '" + Validation.echo(topic) + "': the Food App mirrors only 'users'");
    }
    if (group.isBlank() || !Validation.printable(group).equals(group)) {
      throw new Refusal("--group must be a printable name, not '" + Validation.echo(group) + "'");
    }
    awaitBroker(servers);
    PrintWriter out = app.spec.commandLine().getOut();
    Signals signals = Signals.create();
    signals
        .postSave()
        .connect(
            User.class,
            e -> print(out, "post_save", e.instance(), e.created() ? "created" : "updated"));
    signals.postDelete().connect(User.class, e -> print(out, "post_delete", e.instance(), ""));
    signals
        .m2mChanged()
        .connect(
            Favorite.class,
            e -> {
              if (!e.isPre()) { // the change itself; its pre_ event announced it
                print(out, "m2m_changed", (User) e.instance(), favourites(e));
              }
            });
    SignalsConsumer consumer;
    try {
      consumer =
          SignalsConsumer.builder(servers, group, signals)
              .model(User.class)
              .type(Favorite.class)
              .type(Recipe.class)
              .topic(KafkaMirror.TOPIC)
              .property("client.id", "foodapp-follow")
              .build();
    } catch (KafkaException e) {
      throw KafkaMirror.refused(servers, e);
    }
    CountDownLatch done = new CountDownLatch(1);
    Thread stop =
        new Thread(
            () -> {
              consumer.close(); // offsets of the printed events are committed
              try {
                done.await(30, TimeUnit.SECONDS); // until the last line is out
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "foodapp-follow-stop");
    Runtime.getRuntime().addShutdownHook(stop);
    out.println("following " + KafkaMirror.TOPIC + " on " + servers + "; stop with Ctrl-C");
    out.flush();
    consumer.run();
    out.println("stopped after " + printed.get() + " event(s)");
    out.flush();
    done.countDown();
    return 0;
  }

  private static String favourites(M2MChanged<?> event) {
    String action = Validation.echo(event.action());
    return "favourites " + action + (event.pkSet() == null ? "" : " " + event.pkSet());
  }

  private void print(PrintWriter out, String what, User user, String how) {
    out.println(
        what
            + " user "
            + user.getId()
            + " "
            + Validation.echo(user.getUsername())
            + (how.isEmpty() ? "" : " " + how));
    out.flush();
    printed.incrementAndGet();
  }

  /** Fails in one line unless a broker answers within the mirror's bounded wait. */
  private static void awaitBroker(String servers) throws InterruptedException {
    if (!KafkaMirror.answers(servers)) {
      throw new Refusal(
          "no Kafka broker answered at "
              + Validation.echo(servers)
              + " within "
              + KafkaMirror.WAIT_MILLIS / 1000
              + " s");
    }
  }
}
