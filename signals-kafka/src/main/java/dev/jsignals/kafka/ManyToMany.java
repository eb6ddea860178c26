package dev.jsignals.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jsignals.core.M2MChanged;
import dev.jsignals.core.WriteContext;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/** Reads the {@code m2m_changed} form of {@link ModelEventCodec}. */
final class ManyToMany {
  private ManyToMany() {}

  static M2MChanged<?> decode(
      ModelEventCodec codec,
      JsonNode json,
      Class<?> through,
      Function<String, @Nullable Class<?>> models,
      String using,
      WriteContext context) {
    Class<?> instanceType =
        ModelEventCodec.resolve(models, ModelEventCodec.text(json, "instanceType"));
    Class<?> model = ModelEventCodec.resolve(models, ModelEventCodec.text(json, "model"));
    // Django's action string; records written before it was a string carry the enum's name.
    String action = ModelEventCodec.text(json, "action").toLowerCase(Locale.ROOT);
    if (!M2MChanged.ACTIONS.contains(action)) {
      throw new IllegalArgumentException("Unknown m2m_changed action in payload: " + action);
    }
    Set<Object> pkSet = null;
    JsonNode pks = json.get("pkSet");
    if (pks != null && !pks.isNull()) {
      pkSet = new LinkedHashSet<>();
      for (JsonNode pk : pks) {
        pkSet.add(codec.read(pk, Object.class, "pkSet"));
      }
    }
    return new M2MChanged<>(
        through,
        codec.instance(json, instanceType),
        action,
        ModelEventCodec.bool(json, "reverse"),
        model,
        pkSet,
        using,
        context);
  }
}
