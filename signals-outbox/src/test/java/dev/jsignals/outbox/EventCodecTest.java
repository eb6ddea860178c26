package dev.jsignals.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jsignals.core.M2MChanged;
import dev.jsignals.core.ModelEvent;
import dev.jsignals.core.PostDelete;
import dev.jsignals.core.PostSave;
import dev.jsignals.core.WriteContext;
import dev.jsignals.testsupport.Meal;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Rows keep the JSON and the key earlier versions wrote, so that rows written before an upgrade are
 * delivered after it, and rows written after it by relays not yet upgraded.
 */
class EventCodecTest {
  private final ObjectMapper mapper =
      new ObjectMapper()
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
  private final EventCodec codec = new EventCodec(mapper);

  record Dish(String id, String name) {}

  record Priced(double id, String name) {}

  /** A bean whose key is named "id" in its JSON only. */
  public static final class Order {
    private final UUID number;

    Order(UUID number) {
      this.number = number;
    }

    @JsonProperty("id")
    public UUID getNumber() {
      return number;
    }
  }

  record Tag(long id, String label) {}

  @Test
  void eachEventIsWrittenAsEarlierVersionsWroteItWithTheSameKey() throws Exception {
    Meal meal = new Meal("soup", 3);
    meal.setId(42);
    Meal before = new Meal("broth", 2);
    before.setId(42);
    List<ModelEvent<?>> events =
        List.of(
            new PostSave<>(Meal.class, meal, true, false, "default", null, WriteContext.NONE),
            new PostSave<>(
                Meal.class, meal, false, true, "replica", Set.of("name"), WriteContext.NONE),
            new PostSave<>(
                Dish.class,
                new Dish("d-7", "stew"),
                true,
                false,
                "default",
                null,
                WriteContext.NONE),
            new PostSave<>(
                Priced.class,
                new Priced(2.5, "tea"),
                true,
                false,
                "default",
                null,
                WriteContext.NONE),
            new PostSave<>(
                Order.class,
                new Order(UUID.fromString("0193a3c4-5b6d-7e8f-9a0b-1c2d3e4f5a6b")),
                true,
                false,
                "default",
                null,
                WriteContext.NONE),
            new PostDelete<>(Meal.class, meal, "default", meal, WriteContext.NONE),
            new PostDelete<>(Meal.class, meal, "default", new Dish("d-1", "x"), WriteContext.NONE),
            new M2MChanged<>(
                Tag.class,
                meal,
                "post_add",
                false,
                Tag.class,
                new LinkedHashSet<>(List.of(1L, 2L)),
                "default",
                WriteContext.NONE));
    for (int pass = 0; pass < 2; pass++) { // the first instance of a class, then the next ones
      for (ModelEvent<?> event : events) {
        EventCodec.Encoded encoded = codec.encode(event, null);
        ObjectNode earlier = earlierEncoding(event);
        assertThat(encoded.json()).isEqualTo(mapper.writeValueAsString(earlier));
        assertThat(encoded.key()).isEqualTo(earlier.get("instance").get("id").asText());
      }
    }
  }

  @Test
  void aCustomKeyIsTheFunctionsValueAndTheJsonIsUnchanged() throws Exception {
    Tag tag = new Tag(9, "spicy");
    PostSave<Tag> event =
        new PostSave<>(Tag.class, tag, true, false, "default", null, WriteContext.NONE);
    EventCodec.Encoded encoded = codec.encode(event, t -> ((Tag) t).label());
    assertThat(encoded.key()).isEqualTo("spicy");
    assertThat(encoded.json()).isEqualTo(mapper.writeValueAsString(earlierEncoding(event)));
  }

  @Test
  void anInstanceWithoutAnIdIsRefusedNamingTheWayToGiveItsKey() {
    record Note(String text) {}
    PostSave<Note> event =
        new PostSave<>(Note.class, new Note("hi"), true, false, "default", null, WriteContext.NONE);
    assertThatThrownBy(() -> codec.encode(event, null))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("has no \"id\" property")
        .hasMessageContaining("OutboxBuilder.key(Note.class, ...)");
    Dish noId = new Dish(null, "stew");
    PostSave<Dish> nullId =
        new PostSave<>(Dish.class, noId, true, false, "default", null, WriteContext.NONE);
    codec.encode(
        new PostSave<>(
            Dish.class, new Dish("d-1", "x"), true, false, "default", null, WriteContext.NONE),
        null);
    assertThatThrownBy(() -> codec.encode(nullId, null)).hasMessageContaining("has no \"id\"");
  }

  @Test
  void aRowAnEarlierVersionWroteDecodesToItsEvent() throws Exception {
    String earlier =
        "{\"instance\":{\"id\":42,\"name\":\"soup\",\"version\":3},\"using\":\"default\","
            + "\"created\":false,\"raw\":false,\"updateFields\":[\"name\"]}";
    PostSave<?> event =
        (PostSave<?>) codec.decode(EventCodec.POST_SAVE, Meal.class, earlier, WriteContext.NONE);
    Meal meal = (Meal) event.instance();
    assertThat(meal.getId()).isEqualTo(42);
    assertThat(meal.getName()).isEqualTo("soup");
    assertThat(event.created()).isFalse();
    assertThat(event.updateFields()).containsExactly("name");
  }

  @Test
  void eventIdsAreDistinctTimeOrderedUuids() {
    Set<String> ids = new LinkedHashSet<>();
    for (int i = 0; i < 10_000; i++) {
      ids.add(EventIds.next());
    }
    assertThat(ids).hasSize(10_000);
    UUID first = UUID.fromString(ids.iterator().next());
    assertThat(first.version()).isEqualTo(7);
    assertThat(first.variant()).isEqualTo(2);
    assertThat(first.getMostSignificantBits() >>> 16)
        .isBetween(System.currentTimeMillis() - 60_000, System.currentTimeMillis());
  }

  /** The JSON of an event as versions before the one-pass writer built it: through a tree. */
  private ObjectNode earlierEncoding(ModelEvent<?> event) {
    ObjectNode node = mapper.createObjectNode();
    node.set("instance", mapper.valueToTree(event.instance()));
    node.put("using", event.using());
    if (event instanceof PostSave<?> save) {
      node.put("created", save.created());
      node.put("raw", save.raw());
      if (save.updateFields() != null) {
        save.updateFields().forEach(node.putArray("updateFields")::add);
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
        JsonNode pks = mapper.valueToTree(m2m.pkSet());
        node.set("pkSet", pks);
      }
    }
    return node;
  }
}
