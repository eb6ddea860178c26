import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.CloudEventDeserializer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A consumer that knows nothing of jsignals: a plain KafkaConsumer with the CloudEvents SDK's
 * deserializer. Run as {@code java -cp <kafka-clients, the CloudEvents SDK> CloudEventsReader.java
 * SERVERS TOPIC TYPE TEXT}: prints the attributes of the first event of TYPE whose data contains
 * TEXT, one {@code name=value} line each, or exits with 2 after two minutes without one.
 */
public class CloudEventsReader {
  public static void main(String[] args) {
    try {
      Class.forName("dev.jsignals.kafka.SignalsConsumer");
      System.out.println("jsignals=on the class path");
    } catch (ClassNotFoundException expected) {
      System.out.println("jsignals=absent");
    }
    Map<String, Object> config =
        Map.of(
            "bootstrap.servers", args[0],
            "group.id", "plain-" + UUID.randomUUID(),
            "auto.offset.reset", "earliest");
    try (KafkaConsumer<String, CloudEvent> consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new CloudEventDeserializer())) {
      consumer.subscribe(List.of(args[1]));
      long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<String, CloudEvent> record : consumer.poll(Duration.ofMillis(500))) {
          CloudEvent event = record.value();
          String data = new String(event.getData().toBytes(), StandardCharsets.UTF_8);
          if (event.getType().equals(args[2]) && data.contains(args[3])) {
            System.out.println("key=" + record.key());
            System.out.println("specversion=" + event.getSpecVersion());
            System.out.println("id=" + event.getId());
            System.out.println("type=" + event.getType());
            System.out.println("source=" + event.getSource());
            System.out.println("subject=" + event.getSubject());
            System.out.println("time=" + event.getTime());
            System.out.println("datacontenttype=" + event.getDataContentType());
            for (String name : event.getExtensionNames()) {
              System.out.println("extension " + name + "=" + event.getExtension(name));
            }
            System.out.println("data=" + data);
            return;
          }
        }
      }
    }
    System.out.println("no " + args[2] + " event with '" + args[3] + "' within 2 minutes");
    System.exit(2);
  }
}
