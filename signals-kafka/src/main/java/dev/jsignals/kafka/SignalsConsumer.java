package dev.jsignals.kafka;

import dev.jsignals.core.M2MChanged;
import dev.jsignals.core.ModelEvent;
import dev.jsignals.core.PostDelete;
import dev.jsignals.core.PostSave;
import dev.jsignals.core.PreDelete;
import dev.jsignals.core.PreSave;
import dev.jsignals.core.Signals;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives published model events in another service: turns each record back into its typed event
 * ({@code PostSave<User>}...) and sends it to the receivers of a {@link Signals}, as if the write
 * had happened here. Receivers find the event id for de-duplication with {@link KafkaOrigin#of}.
 *
 * <p>At least once: a record's offset is committed only after its receivers all returned. A
 * receiver that throws is logged, and the record is fetched again after a backoff (doubling up to a
 * limit) and sent again to every receiver, with the same event id; later records of its partition
 * wait, other partitions flow.
 *
 * <p>A record is read as a CloudEvent in binary content mode when it has a {@code ce_specversion}
 * header (see {@link EventAttributes}: from jsignals or any producer that follows its types), and
 * otherwise by the {@link EventHeaders} of earlier versions. A record that is neither, or not a
 * model event of a registered class, is logged and skipped. Built by {@link
 * SignalsConsumerBuilder}.
 *
 * <p>{@link #run} polls on the calling thread until {@link #close}; {@link #start} runs it on a new
 * thread. {@link #close} may be called from any thread; the counters are thread-safe.
 */
public final class SignalsConsumer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SignalsConsumer.class);

  private final Consumer<String, byte[]> consumer;
  private final Signals signals;
  private final ModelEventCodec codec;
  private final Map<String, Class<?>> types;
  private final List<String> topics;
  private final Duration firstBackoff;
  private final Duration maxBackoff;
  private final AtomicLong delivered = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private final AtomicLong skipped = new AtomicLong();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final CountDownLatch closing = new CountDownLatch(1);
  private final Map<TopicPartition, Integer> attempts = new HashMap<>();
  private volatile boolean running;

  SignalsConsumer(
      Consumer<String, byte[]> consumer,
      Signals signals,
      ModelEventCodec codec,
      Map<String, Class<?>> types,
      List<String> topics,
      Duration firstBackoff,
      Duration maxBackoff) {
    this.consumer = consumer;
    this.signals = signals;
    this.codec = codec;
    this.types = Map.copyOf(types);
    this.topics = List.copyOf(topics);
    this.firstBackoff = firstBackoff;
    this.maxBackoff = maxBackoff;
  }

  /**
   * Starts configuring a consumer.
   *
   * @param bootstrapServers the cluster, {@code host:port[,host:port...]}
   * @param groupId the consumer group: the instances of one service share one
   * @param signals whose receivers get the events
   * @return the builder
   */
  public static SignalsConsumerBuilder builder(
      String bootstrapServers, String groupId, Signals signals) {
    return new SignalsConsumerBuilder(bootstrapServers, groupId, signals);
  }

  /**
   * Runs {@link #run} on a new thread named {@code jsignals-kafka-consumer}.
   *
   * @return the thread, started
   */
  public Thread start() {
    Thread thread = new Thread(this::run, "jsignals-kafka-consumer");
    thread.start();
    return thread;
  }

  /**
   * Subscribes and delivers records until {@link #close} is called; then closes the Kafka consumer.
   *
   * @throws IllegalStateException if this consumer has already run
   */
  public void run() {
    synchronized (this) {
      if (running || stopped.getCount() == 0) {
        throw new IllegalStateException("SignalsConsumer.run: it runs only once");
      }
      running = true;
    }
    try {
      consumer.subscribe(topics);
      while (closing.getCount() > 0) {
        Duration backoff = deliver(consumer.poll(Duration.ofMillis(500)));
        if (!backoff.isZero() && closing.await(backoff.toMillis(), TimeUnit.MILLISECONDS)) {
          break;
        }
      }
    } catch (WakeupException e) {
      // close() woke the poll up.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      consumer.close();
      stopped.countDown();
    }
  }

  private Duration deliver(ConsumerRecords<String, byte[]> records) {
    Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
    Duration backoff = Duration.ZERO;
    for (TopicPartition partition : records.partitions()) {
      for (ConsumerRecord<String, byte[]> record : records.records(partition)) {
        if (!deliver(record)) {
          int attempt = attempts.merge(partition, 1, Integer::sum);
          consumer.seek(partition, record.offset());
          Duration wait = backoff(attempt);
          backoff = backoff.isZero() || wait.compareTo(backoff) < 0 ? wait : backoff;
          break;
        }
        attempts.remove(partition);
        done.put(partition, new OffsetAndMetadata(record.offset() + 1));
      }
    }
    if (!done.isEmpty()) {
      consumer.commitSync(done);
    }
    return backoff;
  }

  private boolean deliver(ConsumerRecord<String, byte[]> record) {
    KafkaOrigin origin =
        new KafkaOrigin(
            CloudEventRecords.eventId(record),
            record.topic(),
            record.partition(),
            record.offset(),
            CloudEventRecords.traceContext(record));
    ModelEvent<?> event;
    try {
      event = decode(record, origin);
    } catch (IllegalArgumentException e) {
      skipped.incrementAndGet();
      log.error(
          "Skipped record {} (not a model event of a registered model): {}",
          origin,
          e.getMessage());
      return true;
    }
    try {
      send(event);
      delivered.incrementAndGet();
      return true;
    } catch (RuntimeException e) {
      failures.incrementAndGet();
      log.warn("A receiver of {} failed; the record will be delivered again", origin, e);
      return false;
    }
  }

  private void send(ModelEvent<?> event) {
    if (event instanceof PostSave<?> e) {
      signals.postSave().send(e);
    } else if (event instanceof PreSave<?> e) {
      signals.preSave().send(e);
    } else if (event instanceof PostDelete<?> e) {
      signals.postDelete().send(e);
    } else if (event instanceof PreDelete<?> e) {
      signals.preDelete().send(e);
    } else if (event instanceof M2MChanged<?> e) {
      signals.m2mChanged().send(e.sender(), e);
    }
  }

  private Duration backoff(int attempt) {
    Duration wait = firstBackoff.multipliedBy(1L << Math.min(attempt - 1, 20));
    return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
  }

  private ModelEvent<?> decode(ConsumerRecord<String, byte[]> record, KafkaOrigin origin) {
    CloudEventRecords.Incoming incoming = CloudEventRecords.read(record);
    Class<?> type = ModelEventCodec.resolve(types::get, incoming.sender());
    return codec.decode(
        incoming.signal(), type, incoming.payload(), types::get, new RecordContext(origin));
  }

  /** {@return the topics this consumer follows} */
  public List<String> topics() {
    return topics;
  }

  /** {@return the class names this consumer accepts: models, join types, origins} */
  public Set<String> types() {
    return types.keySet();
  }

  /** {@return how many records reached their receivers, all of which returned} */
  public long delivered() {
    return delivered.get();
  }

  /** {@return how many deliveries failed in a receiver (each is retried)} */
  public long failures() {
    return failures.get();
  }

  /** {@return how many records were skipped as not a model event of a registered model} */
  public long skipped() {
    return skipped.get();
  }

  /**
   * Stops the loop (after the record being delivered) and waits up to 30 seconds for it to close
   * the Kafka consumer. Offsets of delivered records are committed; nothing else is.
   */
  @Override
  public void close() {
    closing.countDown();
    synchronized (this) {
      if (!running) {
        running = true;
        consumer.close();
        stopped.countDown();
        return;
      }
    }
    consumer.wakeup();
    try {
      if (!stopped.await(30, TimeUnit.SECONDS)) {
        log.warn("SignalsConsumer did not stop within 30 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
