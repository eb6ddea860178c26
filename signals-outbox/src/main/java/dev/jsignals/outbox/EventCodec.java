package dev.jsignals.outbox;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.SegmentedStringWriter;
import com.fasterxml.jackson.core.util.BufferRecycler;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.ser.BeanPropertyWriter;
import com.fasterxml.jackson.databind.ser.BeanSerializer;
import com.fasterxml.jackson.databind.ser.PropertyWriter;
import com.fasterxml.jackson.databind.ser.std.BeanSerializerBase;
import dev.jsignals.core.M2MChanged;
import dev.jsignals.core.ModelEvent;
import dev.jsignals.core.PostDelete;
import dev.jsignals.core.PostSave;
import dev.jsignals.core.WriteContext;
import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The JSON form of the three model events a durable receiver can take ({@code post_save}, {@code
 * post_delete}, {@code m2m_changed}). The instance is written by Jackson as a record or a bean,
 * with no annotation needed; the write's context is not stored: a delivered event carries a {@link
 * Delivery} instead. Thread-safe.
 */
final class EventCodec {
  static final String POST_SAVE = "post_save";
  static final String POST_DELETE = "post_delete";
  static final String M2M_CHANGED = "m2m_changed";

  private final ObjectMapper mapper;
  private final ObjectWriter instances;
  private final Map<Class<?>, IdReader> readers = new ConcurrentHashMap<>();

  EventCodec(ObjectMapper mapper) {
    this.mapper = mapper;
    // As valueToTree writes a value: never wrapped in a root name.
    this.instances = mapper.writer().without(SerializationFeature.WRAP_ROOT_VALUE);
  }

  /**
   * Writes an event's JSON in one pass, and reads its instance's key on the way: the custom key
   * function's value when given, else the instance's {@code "id"} property as its JSON has it.
   */
  Encoded encode(ModelEvent<?> event, @Nullable Function<Object, ?> customKey) {
    Object instance = event.instance();
    // As ObjectMapper.writeValueAsString writes: into a pooled buffer, released at the end.
    BufferRecycler buffers = mapper.getFactory()._getBufferRecycler();
    String key;
    String text;
    try (SegmentedStringWriter out = new SegmentedStringWriter(buffers)) {
      try (JsonGenerator json = mapper.createGenerator(out)) {
        json.writeStartObject();
        json.writeFieldName("instance");
        if (customKey != null) {
          instances.writeValue(json, instance);
          key = String.valueOf(customKey.apply(instance));
        } else {
          key = writeAndReadKey(json, instance);
        }
        json.writeStringField("using", event.using());
        if (event instanceof PostSave<?> save) {
          json.writeBooleanField("created", save.created());
          json.writeBooleanField("raw", save.raw());
          if (save.updateFields() != null) {
            json.writeArrayFieldStart("updateFields");
            for (String field : save.updateFields()) {
              json.writeString(field);
            }
            json.writeEndArray();
          }
        } else if (event instanceof PostDelete<?> delete) {
          if (delete.origin() != delete.instance()) {
            json.writeStringField("originType", delete.origin().getClass().getName());
            json.writeFieldName("origin");
            instances.writeValue(json, delete.origin());
          }
        } else if (event instanceof M2MChanged<?> m2m) {
          json.writeStringField("instanceType", m2m.instance().getClass().getName());
          json.writeStringField("action", m2m.action());
          json.writeBooleanField("reverse", m2m.reverse());
          json.writeStringField("model", m2m.model().getName());
          if (m2m.pkSet() != null) {
            json.writeFieldName("pkSet");
            instances.writeValue(json, m2m.pkSet());
          }
        } else {
          throw new IllegalArgumentException(
              "A durable receiver takes post_save, post_delete or m2m_changed, not "
                  + event.getClass().getSimpleName());
        }
        json.writeEndObject();
      }
      text = out.getAndClear();
    } catch (IOException e) {
      throw new IllegalStateException(
          "Cannot write an outbox event of " + instance.getClass().getName() + " as JSON", e);
    } finally {
      buffers.releaseToPool();
    }
    return new Encoded(text, key);
  }

  /** An event's JSON and its instance's key, as an outbox row stores them. */
  record Encoded(String json, String key) {}

  private String writeAndReadKey(JsonGenerator json, Object instance) throws IOException {
    Class<?> type = instance.getClass();
    IdReader reader = readers.get(type);
    if (reader == null) {
      // First instance of its class: the key through the tree, as a row has always had it, and
      // the fast reader only if it reads the same.
      JsonNode tree = mapper.valueToTree(instance);
      json.writeTree(tree);
      String key = idOf(type, tree.get("id"));
      IdReader fast = IdReader.of(mapper, type);
      readers.putIfAbsent(type, fast != null && key.equals(fast.read(instance)) ? fast : TREE);
      return key;
    }
    if (reader == TREE) {
      JsonNode tree = mapper.valueToTree(instance);
      json.writeTree(tree);
      return idOf(type, tree.get("id"));
    }
    instances.writeValue(json, instance);
    String key = reader.read(instance);
    if (key == null) {
      throw noId(type);
    }
    return key;
  }

  private static String idOf(Class<?> type, @Nullable JsonNode id) {
    if (id == null || id.isNull() || id.isContainerNode()) {
      throw noId(type);
    }
    return id.asText();
  }

  private static IllegalStateException noId(Class<?> type) {
    return new IllegalStateException(
        "The outbox cannot find the primary key of "
            + type.getName()
            + ": its JSON has no \"id\" property. Name it with OutboxBuilder.key("
            + type.getSimpleName()
            + ".class, ...)");
  }

  /** The reader of classes whose {@code "id"} is read from the JSON tree. */
  private static final IdReader TREE = bean -> null;

  /**
   * Reads the {@code "id"} property of a class's instances straight from the property Jackson
   * writes it from, with the text the JSON tree would give ({@code JsonNode.asText()}): only for an
   * integer, string or UUID property written by Jackson's own serializer.
   */
  @FunctionalInterface
  private interface IdReader {
    Set<Class<?>> PLAIN =
        Set.of(
            long.class,
            Long.class,
            int.class,
            Integer.class,
            short.class,
            Short.class,
            String.class,
            java.util.UUID.class);

    /** {@return the key's text, or {@code null} when the property is null} */
    @Nullable String read(Object bean);

    static @Nullable IdReader of(ObjectMapper mapper, Class<?> type) {
      try {
        JsonSerializer<Object> serializer =
            mapper.getSerializerProviderInstance().findValueSerializer(type);
        if (!(serializer instanceof BeanSerializerBase bean)
            || serializer.getClass() != BeanSerializer.class) {
          return null;
        }
        for (Iterator<PropertyWriter> it = bean.properties(); it.hasNext(); ) {
          if (it.next() instanceof BeanPropertyWriter property
              && property.getName().equals("id")
              && PLAIN.contains(property.getType().getRawClass())
              && (property.getSerializer() == null
                  || property
                      .getSerializer()
                      .getClass()
                      .getName()
                      .startsWith("com.fasterxml.jackson.databind.ser.std."))) {
            return value -> {
              try {
                Object id = property.get(value);
                return id == null ? null : id.toString();
              } catch (Exception e) {
                throw new IllegalStateException(
                    "Cannot read the id of " + type.getName() + " for the outbox", e);
              }
            };
          }
        }
        return null;
      } catch (JsonMappingException e) {
        return null;
      }
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
