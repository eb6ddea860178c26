package dev.jsignals.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jsignals.core.M2MChanged;
import dev.jsignals.core.ModelEvent;
import dev.jsignals.core.PostDelete;
import dev.jsignals.core.PostSave;
import dev.jsignals.core.WriteContext;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The JSON form of the three model events a durable receiver can take ({@code post_save}, {@code
 * post_delete}, {@code m2m_changed}). The instance is written by Jackson as a record or a bean,
 * with no annotation needed; the write's context is not stored: a delivered event carries a {@link
 * Delivery} instead.
 */
final class EventCodec {
  static final String POST_SAVE = "post_save";
  static final String POST_DELETE = "post_delete";
  static final String M2M_CHANGED = "m2m_changed";

  private final ObjectMapper mapper;

  EventCodec(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  ObjectNode encode(ModelEvent<?> event) {
    ObjectNode node = mapper.createObjectNode();
    node.set("instance", mapper.valueToTree(event.instance()));
    node.put("using", event.using());
    if (event instanceof PostSave<?> save) {
      node.put("created", save.created());
      node.put("raw", save.raw());
      if (save.updateFields() != null) {
        ArrayNode fields = node.putArray("updateFields");
        save.updateFields().forEach(fields::add);
      }
    } else if (event instanceof PostDelete<?> delete) {
      if (delete.origin() != delete.instance()) {
        node.put("originType", delete.origin().getClass().getName());
        node.set("origin", mapper.valueToTree(delete.origin()));
      }
    } else if (event instanceof M2MChanged<?> m2m) {
      node.put("instanceType", m2m.instance().getClass().getName());
      node.put("action", m2m.action());
      node.put("reverse", m2m.reverse());
      node.put("model", m2m.model().getName());
      if (m2m.pkSet() != null) {
        node.set("pkSet", mapper.valueToTree(m2m.pkSet()));
      }
    } else {
      throw new IllegalArgumentException(
          "A durable receiver takes post_save, post_delete or m2m_changed, not "
              + event.getClass().getSimpleName());
    }
    return node;
  }

  String text(JsonNode node) {
    try {
      return mapper.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write an outbox event as JSON", e);
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  ModelEvent<?> decode(String signal, Class<?> sender, String json, WriteContext context)
      throws JsonProcessingException, ClassNotFoundException {
    JsonNode node = mapper.readTree(json);
    String using = node.get("using").asText();
    switch (signal) {
      case POST_SAVE -> {
        Object instance = mapper.treeToValue(node.get("instance"), sender);
        return new PostSave(
            sender,
            instance,
            node.get("created").asBoolean(),
            node.get("raw").asBoolean(),
            using,
            fields(node.get("updateFields")),
            context);
      }
      case POST_DELETE -> {
        Object instance = mapper.treeToValue(node.get("instance"), sender);
        Object origin =
            node.has("originType")
                ? mapper.treeToValue(node.get("origin"), load(node, "originType", sender))
                : instance;
        return new PostDelete(sender, instance, using, origin, context);
      }
      case M2M_CHANGED -> {
        Object instance =
            mapper.treeToValue(node.get("instance"), load(node, "instanceType", sender));
        Set<Object> pkSet = null;
        if (node.has("pkSet")) {
          pkSet = new LinkedHashSet<>();
          for (JsonNode pk : node.get("pkSet")) {
            pkSet.add(mapper.treeToValue(pk, Object.class));
          }
        }
        return new M2MChanged(
            sender,
            instance,
            // rows written before the action was Django's string carry the enum's name
            node.get("action").asText().toLowerCase(Locale.ROOT),
            node.get("reverse").asBoolean(),
            load(node, "model", sender),
            pkSet,
            using,
            context);
      }
      default -> throw new IllegalArgumentException("Unknown signal in an outbox row: " + signal);
    }
  }

  private static @Nullable Set<String> fields(@Nullable JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    Set<String> fields = new LinkedHashSet<>();
    node.forEach(f -> fields.add(f.asText()));
    return fields;
  }

  private static Class<?> load(JsonNode node, String field, Class<?> sender)
      throws ClassNotFoundException {
    return Class.forName(node.get(field).asText(), false, sender.getClassLoader());
  }
}
