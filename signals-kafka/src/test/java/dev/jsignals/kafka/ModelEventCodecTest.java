package dev.jsignals.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jsignals.core.M2MChanged;
import dev.jsignals.core.ModelEvent;
import dev.jsignals.core.PostDelete;
import dev.jsignals.core.PostSave;
import dev.jsignals.core.PreDelete;
import dev.jsignals.core.PreSave;
import dev.jsignals.core.WriteContext;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ModelEventCodecTest {
  private final ModelEventCodec codec = ModelEventCodec.create();
  private final Map<String, Class<?>> models =
      Map.of(Dish.class.getName(), Dish.class, Diner.class.getName(), Diner.class);

  private ModelEvent<?> roundTrip(ModelEvent<?> event) {
    return codec.decode(
        ModelEventCodec.signalName(event),
        event.sender(),
        codec.encode(event),
        models::get,
        WriteContext.NONE);
  }

  @Test
  void postSaveOfARecordComesBackEqual() {
    var event =
        new PostSave<>(
            Dish.class,
            new Dish(7, "dal"),
            true,
            false,
            "default",
            Set.of("name"),
            WriteContext.NONE);
    assertThat(roundTrip(event)).isEqualTo(event);
  }

  @Test
  void preSaveOfABeanComesBackWithItsProperties() {
    var event =
        new PreSave<>(
            Diner.class, new Diner(3, "ada@example.com"), true, "db2", null, WriteContext.NONE);
    var back = (PreSave<?>) roundTrip(event);
    assertThat(back.sender()).isSameAs(Diner.class);
    assertThat((Diner) back.instance())
        .extracting(Diner::getId, Diner::getEmail)
        .containsExactly(3L, "ada@example.com");
    assertThat(back.raw()).isTrue();
    assertThat(back.using()).isEqualTo("db2");
    assertThat(back.updateFields()).isNull();
  }

  @Test
  void aDeleteOfItselfKeepsTheInstanceAsOrigin() {
    Dish dish = new Dish(1, "soup");
    var back =
        (PostDelete<?>)
            roundTrip(new PostDelete<>(Dish.class, dish, "default", dish, WriteContext.NONE));
    assertThat(back.origin()).isSameAs(back.instance());
    assertThat(back.instance()).isEqualTo(dish);
  }

  @Test
  void aCascadedDeleteKeepsItsOriginOfAnotherModel() {
    var event =
        new PreDelete<>(
            Dish.class, new Dish(1, "soup"), "default", new Diner(9, "x@y.z"), WriteContext.NONE);
    var back = (PreDelete<?>) roundTrip(event);
    assertThat(back.origin()).isInstanceOf(Diner.class);
    assertThat(((Diner) back.origin()).getId()).isEqualTo(9);
  }

  @Test
  void anUnregisteredOriginIsRefusedByName() {
    byte[] payload =
        codec.encode(
            new PostDelete<>(
                Dish.class, new Dish(1, "a"), "default", new Diner(2, "d@e.f"), WriteContext.NONE));
    assertThatThrownBy(
            () -> codec.decode("post_delete", Dish.class, payload, name -> null, WriteContext.NONE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("dev.jsignals.kafka.Diner")
        .hasMessageContaining("not registered");
  }

  @Test
  void theFormIsTheOutboxRowPayload() {
    var event =
        new PostSave<>(
            Dish.class, new Dish(7, "dal"), true, false, "default", null, WriteContext.NONE);
    assertThat(new String(codec.encode(event), StandardCharsets.UTF_8))
        .isEqualTo(
            "{\"instance\":{\"id\":7,\"name\":\"dal\"},\"using\":\"default\",\"created\":true,\"raw\":false}");
  }

  @Test
  void aManyToManyChangeComesBackWithItsIds() {
    var event =
        new M2MChanged<>(
            Diner.class,
            new Dish(1, "a"),
            M2MChanged.POST_ADD,
            true,
            Diner.class,
            Set.of(5),
            "default",
            WriteContext.NONE);
    var back = (M2MChanged<?>) roundTrip(event);
    assertThat(back.sender()).isSameAs(Diner.class);
    assertThat(back.instance()).isEqualTo(new Dish(1, "a"));
    assertThat(back.action()).isEqualTo(M2MChanged.POST_ADD);
    assertThat(back.reverse()).isTrue();
    assertThat(back.model()).isSameAs(Diner.class);
    assertThat(back.pkSet()).containsExactly(5);
  }

  @Test
  void anUnknownSignalIsRefusedByName() {
    byte[] payload =
        codec.encode(
            new PostSave<>(
                Dish.class, new Dish(1, "a"), true, false, "default", null, WriteContext.NONE));
    assertThatThrownBy(
            () -> codec.decode("post_flush", Dish.class, payload, models::get, WriteContext.NONE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Unknown signal 'post_flush'");
  }

  @Test
  void anInstanceThatDoesNotFitTheModelIsRefusedNamingTheModel() {
    byte[] payload =
        "{\"using\":\"default\",\"created\":true,\"raw\":false,\"instance\":{\"id\":\"not a number\"}}"
            .getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(
            () -> codec.decode("post_save", Dish.class, payload, models::get, WriteContext.NONE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("instance does not fit dev.jsignals.kafka.Dish");
  }

  @Test
  void textThatIsNotJsonIsRefused() {
    assertThatThrownBy(
            () ->
                codec.decode(
                    "post_save",
                    Dish.class,
                    "nope".getBytes(StandardCharsets.UTF_8),
                    models::get,
                    WriteContext.NONE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not JSON");
  }
}
