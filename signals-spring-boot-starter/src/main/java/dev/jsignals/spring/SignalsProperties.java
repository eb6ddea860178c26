package dev.jsignals.spring;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The {@code jsignals.*} properties of the starter. Immutable value.
 *
 * @param using the database alias that model events carry (Django's {@code using})
 * @param installPlugin whether to install the jsignals Jdbi plugin (and Jdbi's SQL Object plugin)
 *     on every {@code Jdbi} bean of the application
 */
@ConfigurationProperties("jsignals")
public record SignalsProperties(
    @DefaultValue("default") String using, @DefaultValue("true") boolean installPlugin) {}
