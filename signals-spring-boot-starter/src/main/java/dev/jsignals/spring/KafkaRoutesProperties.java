package dev.jsignals.spring;

import java.net.URI;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The {@code jsignals.kafka.*} properties: which model events the outbox publishes to Kafka, over a
 * producer configured from Spring Boot's {@code spring.kafka.*} properties. Immutable value.
 *
 * @param enabled whether to configure the Kafka publisher and routes (when signals-kafka and Spring
 *     Boot's Kafka module are present)
 * @param source the CloudEvents {@code source} of every record, such as {@code /foodapp}; {@code
 *     /jsignals} unless set
 * @param postSave the models whose {@code post_save} events are published
 * @param postDelete the models whose {@code post_delete} events are published
 * @param m2mChanged the join types whose {@code m2m_changed} events are published
 */
@ConfigurationProperties("jsignals.kafka")
public record KafkaRoutesProperties(
    @DefaultValue("true") boolean enabled,
    @Nullable URI source,
    @DefaultValue List<Class<?>> postSave,
    @DefaultValue List<Class<?>> postDelete,
    @DefaultValue List<Class<?>> m2mChanged) {}
