package dev.jsignals.kafka;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jsignals.core.ModelEvent;
import dev.jsignals.core.PostDelete;
import dev.jsignals.core.PostSave;
import dev.jsignals.core.PreDelete;
import dev.jsignals.core.PreSave;
import dev.jsignals.core.WriteContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Turns the four save and delete events into JSON and back, with Jackson: the payload of a
 * published record. The model instance is written by Jackson as it is (records and beans need no
 * annotations); the event's other arguments sit beside it:
 *
 * <pre>{@code
 * {"signal":"post_save","model":"com.example.User","using":"default",
 *  "instance":{"id":7,"username":"ada"},"created":true,"raw":false,"updateFields":null}
 * }</pre>
 *
 * <p>Deletes carry {@code "originIsInstance":true}, or the origin as {@code
 * {"type":...,"value":...}}. {@code m2m_changed} is not published. Unknown fields are ignored, so a
 * reader may be older than the writer. Thread-safe once built.
 */
public final class ModelEventCodec {
  private final ObjectMapper mapper;

  private ModelEventCodec(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  /** {@return a codec with a default Jackson mapper that ignores unknown properties} */
  public static ModelEventCodec create() {
    return new ModelEventCodec(
        new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false));
  }

  /**
   * A codec that writes and reads instances with the given mapper (its modules, naming...).
   *
   * @param mapper the mapper; not modified, and must not be reconfigured after this call
   * @return the codec
   */
  public static ModelEventCodec using(ObjectMapper mapper) {
    return new ModelEventCodec(Objects.requireNonNull(mapper, "mapper"));
  }

  /**
   * Writes an event as JSON.
   *
   * @param event a {@code pre_save}, {@code post_save}, {@code pre_delete} or {@code post_delete}
   *     event
   * @return UTF-8 JSON
   * @throws IllegalArgumentException for an {@code m2m_changed} event, or an instance Jackson
   *     cannot write (the message names the model)
   */
  public byte[] encode(ModelEvent<?> event) {
    ObjectNode json = mapper.createObjectNode();
    json.put("signal", signalName(event));
    json.put("model", event.sender().getName());
    json.put("using", event.using());
    json.set("instance", tree(event.instance(), event));
    if (event instanceof PreSave<?> e) {
      json.put("raw", e.raw());
      json.set("updateFields", tree(e.updateFields(), event));
    } else if (event instanceof PostSave<?> e) {
      json.put("created", e.created());
      json.put("raw", e.raw());
      json.set("updateFields", tree(e.updateFields(), event));
    } else if (event instanceof PreDelete<?> e) {
      origin(json, e.instance(), e.origin(), event);
    } else if (event instanceof PostDelete<?> e) {
      origin(json, e.instance(), e.origin(), event);
    } else {
      throw new IllegalArgumentException(
          "m2m_changed is not published: only saves and deletes (event of "
              + event.sender().getName()
              + ")");
    }
    try {
      return mapper.writeValueAsBytes(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("Cannot write " + signalName(event) + " as JSON", e);
    }
  }

  /**
   * The Django name of an event's signal.
   *
   * @param event a model event
   * @return {@code pre_save}, {@code post_save}, {@code pre_delete}, {@code post_delete} or {@code
   *     m2m_changed}
   */
  public static String signalName(ModelEvent<?> event) {
    if (event instanceof PreSave<?>) {
      return "pre_save";
    } else if (event instanceof PostSave<?>) {
      return "post_save";
    } else if (event instanceof PreDelete<?>) {
      return "pre_delete";
    } else if (event instanceof PostDelete<?>) {
      return "post_delete";
    }
    return "m2m_changed";
  }

  /**
   * Reads an event written by {@link #encode}.
   *
   * @param payload UTF-8 JSON
   * @param models resolves a model class name to the class; returns null for a name the reader does
   *     not accept (class names from the wire are never loaded freely)
   * @param context the context the event will carry
   * @return the typed event
   * @throws IllegalArgumentException if the payload is not such an event, names an unknown model or
   *     signal, or its instance does not fit the model (the message says which)
   */
  public ModelEvent<?> decode(
      byte[] payload, Function<String, @Nullable Class<?>> models, WriteContext context) {
    JsonNode json;
    try {
      json = mapper.readTree(payload);
    } catch (IOException e) {
      throw new IllegalArgumentException("Payload is not JSON: " + e.getMessage(), e);
    }
    if (json == null || !json.isObject()) {
      throw new IllegalArgumentException("Payload is not a JSON object: " + preview(payload));
    }
    String signal = text(json, "signal");
    Class<?> model = resolve(models, text(json, "model"));
    Object instance = read(json.get("instance"), model, "instance");
    String using = text(json, "using");
    return switch (signal) {
      case "pre_save" -> preSave(model, instance, json, using, context);
      case "post_save" -> postSave(model, instance, json, using, context);
      case "pre_delete" ->
          new PreDelete<>(raw(model), instance, using, origin(json, instance, models), context);
      case "post_delete" ->
          new PostDelete<>(raw(model), instance, using, origin(json, instance, models), context);
      default -> throw new IllegalArgumentException("Unknown signal '" + signal + "'");
    };
  }

  private PreSave<?> preSave(
      Class<?> model, Object instance, JsonNode json, String using, WriteContext context) {
    return new PreSave<>(
        raw(model), instance, json.path("raw").asBoolean(), using, fields(json), context);
  }

  private PostSave<?> postSave(
      Class<?> model, Object instance, JsonNode json, String using, WriteContext context) {
    return new PostSave<>(
        raw(model),
        instance,
        json.path("created").asBoolean(),
        json.path("raw").asBoolean(),
        using,
        fields(json),
        context);
  }

  private @Nullable Set<String> fields(JsonNode json) {
    JsonNode node = json.get("updateFields");
    if (node == null || node.isNull()) {
      return null;
    }
    Set<String> fields = new LinkedHashSet<>();
    node.forEach(field -> fields.add(field.asText()));
    return fields;
  }

  private void origin(ObjectNode json, Object instance, Object origin, ModelEvent<?> event) {
    if (origin == instance) {
      json.put("originIsInstance", true);
    } else {
      ObjectNode node = json.putObject("origin");
      node.put("type", origin.getClass().getName());
      node.set("value", tree(origin, event));
    }
  }

  private Object origin(
      JsonNode json, Object instance, Function<String, @Nullable Class<?>> models) {
    if (json.path("originIsInstance").asBoolean()) {
      return instance;
    }
    JsonNode node = json.get("origin");
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException("Delete event has neither origin nor originIsInstance");
    }
    return read(node.get("value"), resolve(models, text(node, "type")), "origin");
  }

  private JsonNode tree(@Nullable Object value, ModelEvent<?> event) {
    try {
      return mapper.valueToTree(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "Cannot write the "
              + signalName(event)
              + " event of "
              + event.sender().getName()
              + " as JSON: "
              + e.getMessage(),
          e);
    }
  }

  private Object read(@Nullable JsonNode node, Class<?> type, String field) {
    if (node == null || node.isNull()) {
      throw new IllegalArgumentException("Payload has no " + field);
    }
    try {
      return mapper.treeToValue(node, type);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "The " + field + " does not fit " + type.getName() + ": " + e.getMessage(), e);
    }
  }

  private static Class<?> resolve(Function<String, @Nullable Class<?>> models, String name) {
    Class<?> type = models.apply(name);
    if (type == null) {
      throw new IllegalArgumentException("Model '" + name + "' is not registered with the reader");
    }
    return type;
  }

  private static String text(JsonNode json, String field) {
    JsonNode node = json.get(field);
    if (node == null || !node.isTextual()) {
      throw new IllegalArgumentException("Payload has no text field '" + field + "'");
    }
    return node.asText();
  }

  private static String preview(byte[] payload) {
    String text = new String(payload, StandardCharsets.UTF_8);
    return text.length() > 80 ? text.substring(0, 80) + "..." : text;
  }

  @SuppressWarnings("unchecked")
  private static Class<Object> raw(Class<?> model) {
    return (Class<Object>) model;
  }
}
