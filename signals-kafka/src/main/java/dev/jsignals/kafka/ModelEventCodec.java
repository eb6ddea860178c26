package dev.jsignals.kafka;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jsignals.core.M2MChanged;
import dev.jsignals.core.ModelEvent;
import dev.jsignals.core.PostDelete;
import dev.jsignals.core.PostSave;
import dev.jsignals.core.PreDelete;
import dev.jsignals.core.PreSave;
import dev.jsignals.core.WriteContext;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Turns model events into JSON and back, with Jackson: the value of a published record, in the same
 * form as the payload of an outbox row, so a relay forwards rows as they are. The instance is
 * written by Jackson as it is (records and beans need no annotations); the event's other arguments
 * sit beside it, and the signal and sender travel apart (in the {@link EventHeaders}):
 *
 * <pre>{@code
 * {"instance":{"id":7,"username":"ada"},"using":"default","created":true,"raw":false}
 * }</pre>
 *
 * <p>{@code updateFields} is written only when not null. A delete whose origin is not the instance
 * itself adds {@code originType} and {@code origin}; {@code m2m_changed} adds {@code instanceType},
 * {@code action}, {@code reverse}, {@code model} and {@code pkSet} (absent for a clear). Unknown
 * fields are ignored, so a reader may be older than the writer. Class names read from a payload are
 * resolved only through the reader's registry of models, never loaded freely. Thread-safe.
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
   * Writes an event as JSON.
   *
   * @param event a model event
   * @return UTF-8 JSON
   * @throws IllegalArgumentException if Jackson cannot write the instance (the message names the
   *     model)
   */
  public byte[] encode(ModelEvent<?> event) {
    ObjectNode json = mapper.createObjectNode();
    json.set("instance", tree(event.instance(), event));
    json.put("using", event.using());
    if (event instanceof PreSave<?> e) {
      json.put("raw", e.raw());
      fields(json, e.updateFields());
    } else if (event instanceof PostSave<?> e) {
      json.put("created", e.created());
      json.put("raw", e.raw());
      fields(json, e.updateFields());
    } else if (event instanceof PreDelete<?> e) {
      origin(json, e.instance(), e.origin(), event);
    } else if (event instanceof PostDelete<?> e) {
      origin(json, e.instance(), e.origin(), event);
    } else if (event instanceof M2MChanged<?> e) {
      json.put("instanceType", e.instance().getClass().getName());
      json.put("action", e.action());
      json.put("reverse", e.reverse());
      json.put("model", e.model().getName());
      if (e.pkSet() != null) {
        json.set("pkSet", tree(e.pkSet(), event));
      }
    }
    try {
      return mapper.writeValueAsBytes(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("Cannot write " + signalName(event) + " as JSON", e);
    }
  }

  /**
   * Reads an event written by {@link #encode} (or an outbox row's payload).
   *
   * @param signal the signal's Django name
   * @param sender the sender: the model class, the join type for {@code m2m_changed}
   * @param payload UTF-8 JSON
   * @param models resolves a class name found in the payload (an origin, an m2m instance or model)
   *     to a class; returns null for a name the reader does not accept
   * @param context the context the event will carry
   * @return the typed event
   * @throws IllegalArgumentException if the payload is not such an event, names an unknown class or
   *     signal, or its instance does not fit the model (the message says which)
   */
  public ModelEvent<?> decode(
      String signal,
      Class<?> sender,
      byte[] payload,
      Function<String, @Nullable Class<?>> models,
      WriteContext context) {
    JsonNode json;
    try {
      json = mapper.readTree(payload);
    } catch (IOException e) {
      throw new IllegalArgumentException("Payload is not JSON: " + e.getMessage(), e);
    }
    if (json == null || !json.isObject()) {
      throw new IllegalArgumentException("Payload is not a JSON object");
    }
    String using = text(json, "using");
    return switch (signal) {
      case "pre_save" ->
          new PreSave<>(
              raw(sender), instance(json, sender), bool(json, "raw"), using, fields(json), context);
      case "post_save" ->
          new PostSave<>(
              raw(sender),
              instance(json, sender),
              bool(json, "created"),
              bool(json, "raw"),
              using,
              fields(json),
              context);
      case "pre_delete" -> {
        Object instance = instance(json, sender);
        yield new PreDelete<>(
            raw(sender), instance, using, origin(json, instance, models), context);
      }
      case "post_delete" -> {
        Object instance = instance(json, sender);
        yield new PostDelete<>(
            raw(sender), instance, using, origin(json, instance, models), context);
      }
      case "m2m_changed" -> ManyToMany.decode(this, json, sender, models, using, context);
      default -> throw new IllegalArgumentException("Unknown signal '" + signal + "'");
    };
  }

  Object instance(JsonNode json, Class<?> type) {
    return read(json.get("instance"), type, "instance");
  }

  Object read(@Nullable JsonNode node, Class<?> type, String field) {
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

  private void fields(ObjectNode json, @Nullable Set<String> fields) {
    if (fields != null) {
      fields.forEach(json.putArray("updateFields")::add);
    }
  }

  private static @Nullable Set<String> fields(JsonNode json) {
    JsonNode node = json.get("updateFields");
    if (node == null || node.isNull()) {
      return null;
    }
    Set<String> fields = new LinkedHashSet<>();
    node.forEach(field -> fields.add(field.asText()));
    return fields;
  }

  private void origin(ObjectNode json, Object instance, Object origin, ModelEvent<?> event) {
    if (origin != instance) {
      json.put("originType", origin.getClass().getName());
      json.set("origin", tree(origin, event));
    }
  }

  private Object origin(
      JsonNode json, Object instance, Function<String, @Nullable Class<?>> models) {
    if (!json.has("originType")) {
      return instance;
    }
    return read(json.get("origin"), resolve(models, text(json, "originType")), "origin");
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

  static Class<?> resolve(Function<String, @Nullable Class<?>> models, String name) {
    Class<?> type = models.apply(name);
    if (type == null) {
      throw new IllegalArgumentException("Class '" + name + "' is not registered with the reader");
    }
    return type;
  }

  static String text(JsonNode json, String field) {
    JsonNode node = json.get(field);
    if (node == null || !node.isTextual()) {
      throw new IllegalArgumentException("Payload has no text field '" + field + "'");
    }
    return node.asText();
  }

  static boolean bool(JsonNode json, String field) {
    JsonNode node = json.get(field);
    if (node == null || !node.isBoolean()) {
      throw new IllegalArgumentException("Payload has no boolean field '" + field + "'");
    }
    return node.booleanValue();
  }

  @SuppressWarnings("unchecked")
  static Class<Object> raw(Class<?> model) {
    return (Class<Object>) model;
  }
}
