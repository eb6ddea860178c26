package dev.jsignals.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jsignals.core.M2MChanged;
import dev.jsignals.core.ModelEvent;
import dev.jsignals.core.PostDelete;
import dev.jsignals.core.PostSave;
import dev.jsignals.core.PreDelete;
import dev.jsignals.core.PreSave;
import dev.jsignals.core.WriteContext;
import dev.jsignals.testsupport.Meal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The payload of each signal kind is what docs/schemas/SIGNAL.schema.json documents: real payloads
 * (every variant: with and without update fields, a cascaded delete, a clear without keys) carry
 * each required field, only documented fields, each of its documented JSON type and value; and
 * every documented field occurs in one of them. No JSON Schema validator is on the test class path,
 * so the schema's keywords used there are checked with Jackson.
 */
class PayloadSchemasTest {
  private static final Path SCHEMAS = Path.of("../docs/schemas");
  private final ModelEventCodec codec = ModelEventCodec.create();
  private final ObjectMapper mapper = new ObjectMapper();

  private static List<ModelEvent<?>> realEvents() {
    Dish dish = new Dish(7, "dal");
    Diner diner = new Diner(3, "ada@example.com");
    WriteContext none = WriteContext.NONE;
    return List.of(
        new PreSave<>(Dish.class, dish, false, "default", null, none),
        new PreSave<>(Dish.class, dish, true, "default", Set.of("name"), none),
        new PostSave<>(Dish.class, dish, true, false, "default", null, none),
        new PostSave<>(Dish.class, dish, false, false, "default", Set.of("name"), none),
        new PreDelete<>(Dish.class, dish, "default", dish, none),
        new PreDelete<>(Dish.class, dish, "default", diner, none),
        new PostDelete<>(Dish.class, dish, "default", dish, none),
        new PostDelete<>(Dish.class, dish, "default", diner, none),
        new M2MChanged<>(
            Meal.class,
            diner,
            M2MChanged.POST_ADD,
            false,
            Dish.class,
            Set.of(7L, 8L),
            "default",
            none),
        new M2MChanged<>(
            Meal.class, dish, M2MChanged.PRE_CLEAR, true, Diner.class, null, "default", none));
  }

  @Test
  void everyPayloadIsWhatItsSchemaFileDocuments() throws Exception {
    Map<String, Set<String>> seenFields = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    for (ModelEvent<?> event : realEvents()) {
      String signal = ModelEventCodec.signalName(event);
      JsonNode schema = mapper.readTree(SCHEMAS.resolve(signal + ".schema.json").toFile());
      JsonNode payload = mapper.readTree(codec.encode(event));
      problems.addAll(check(signal, schema, payload));
      payload
          .fieldNames()
          .forEachRemaining(seenFields.computeIfAbsent(signal, s -> new HashSet<>())::add);
    }
    assertThat(problems).isEmpty();
    assertThat(seenFields)
        .containsOnlyKeys("pre_save", "post_save", "pre_delete", "post_delete", "m2m_changed");
    seenFields.forEach(
        (signal, fields) -> {
          try {
            JsonNode schema = mapper.readTree(SCHEMAS.resolve(signal + ".schema.json").toFile());
            List<String> documented = new ArrayList<>();
            schema.get("properties").fieldNames().forEachRemaining(documented::add);
            assertThat(fields)
                .as("the fields of %s's payloads", signal)
                .containsExactlyInAnyOrderElementsOf(documented);
          } catch (java.io.IOException e) {
            throw new AssertionError(e);
          }
        });
  }

  @Test
  void eachSchemaFileNamesItsCloudEventsType() throws Exception {
    try (var files = Files.list(SCHEMAS)) {
      List<Path> schemas = files.sorted().toList();
      assertThat(schemas).hasSize(5);
      for (Path file : schemas) {
        String signal = file.getFileName().toString().replace(".schema.json", "");
        JsonNode schema = mapper.readTree(file.toFile());
        assertThat(schema.get("description").asText()).contains(EventAttributes.type(signal));
      }
    }
  }

  /** The keywords the schema files use: required, properties, type, enum, dependentRequired. */
  private static List<String> check(String signal, JsonNode schema, JsonNode payload) {
    List<String> problems = new ArrayList<>();
    schema
        .get("required")
        .forEach(
            name -> {
              if (!payload.has(name.asText())) {
                problems.add(signal + ": required " + name + " missing from " + payload);
              }
            });
    JsonNode properties = schema.get("properties");
    payload
        .fields()
        .forEachRemaining(
            field -> {
              JsonNode property = properties.get(field.getKey());
              if (property == null) {
                problems.add(signal + ": " + field.getKey() + " is not documented");
                return;
              }
              if (!type(field.getValue()).equals(property.get("type").asText())) {
                problems.add(
                    signal
                        + ": "
                        + field.getKey()
                        + " is "
                        + type(field.getValue())
                        + ", documented "
                        + property.get("type"));
              }
              JsonNode values = property.get("enum");
              if (values != null && !contains(values, field.getValue())) {
                problems.add(
                    signal
                        + ": "
                        + field.getKey()
                        + " = "
                        + field.getValue()
                        + " not in "
                        + values);
              }
            });
    JsonNode dependent = schema.get("dependentRequired");
    if (dependent != null) {
      dependent
          .fields()
          .forEachRemaining(
              rule -> {
                if (payload.has(rule.getKey())) {
                  rule.getValue()
                      .forEach(
                          name -> {
                            if (!payload.has(name.asText())) {
                              problems.add(signal + ": " + rule.getKey() + " without " + name);
                            }
                          });
                }
              });
    }
    return problems;
  }

  private static boolean contains(JsonNode values, JsonNode value) {
    for (JsonNode allowed : values) {
      if (allowed.equals(value)) {
        return true;
      }
    }
    return false;
  }

  private static String type(JsonNode node) {
    return switch (node.getNodeType()) {
      case OBJECT -> "object";
      case ARRAY -> "array";
      case STRING -> "string";
      case BOOLEAN -> "boolean";
      case NUMBER -> node.isIntegralNumber() ? "integer" : "number";
      default -> "null";
    };
  }
}
