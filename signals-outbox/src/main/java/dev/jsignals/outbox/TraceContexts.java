package dev.jsignals.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A row's trace context as the column {@code trace_context} stores it: a JSON object of strings,
 * {@code {"traceparent":"00-..."}}, or SQL {@code NULL} for none. Stateless; thread-safe.
 */
final class TraceContexts {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, Object>> FIELDS = new TypeReference<>() {};

  private TraceContexts() {}

  /** {@return the JSON of a captured context, or {@code null} when it is empty} */
  static @Nullable String write(Map<String, String> context) {
    if (context.isEmpty()) {
      return null;
    }
    Map<String, String> fields = new LinkedHashMap<>();
    context.forEach(
        (name, value) -> {
          if (name == null || value == null) {
            throw new IllegalArgumentException(
                "TracePropagation.capture() returned a null field name or value: " + context);
          }
          fields.put(name, value);
        });
    try {
      return JSON.writeValueAsString(fields);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write a trace context as JSON: " + context, e);
    }
  }

  /**
   * {@return the context of a stored column}: empty for {@code NULL}, and for what is not a JSON
   * object (a trace context must never stop a delivery); fields that are not strings are left out.
   */
  static Map<String, String> read(@Nullable String json) {
    if (json == null || json.isEmpty()) {
      return Map.of();
    }
    Map<String, Object> fields;
    try {
      fields = JSON.readValue(json, FIELDS);
    } catch (JsonProcessingException | RuntimeException e) {
      return Map.of();
    }
    if (fields == null) {
      return Map.of();
    }
    Map<String, String> context = new LinkedHashMap<>();
    fields.forEach(
        (name, value) -> {
          if (value instanceof String text) {
            context.put(name, text);
          }
        });
    return context;
  }
}
