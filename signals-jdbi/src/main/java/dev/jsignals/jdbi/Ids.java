package dev.jsignals.jdbi;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/** Reads and writes the {@code id} property of a model instance: a record or a bean. */
final class Ids {
  private Ids() {}

  /** The result of writing a generated key: the instance to send, and how to undo the write. */
  record Written(Object instance, Runnable undo) {}

  static @Nullable Object read(Object instance) {
    Class<?> type = instance.getClass();
    try {
      if (type.isRecord()) {
        return component(type).getAccessor().invoke(instance);
      }
      Method getter = findMethod(type, "getId");
      if (getter != null) {
        return getter.invoke(instance);
      }
      return field(type).get(instance);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(
          "Cannot read the id of " + type.getName() + ": " + e.getMessage(), e);
    }
  }

  static Written write(Object instance, Number key) {
    Class<?> type = instance.getClass();
    try {
      if (type.isRecord()) {
        RecordShape shape = RECORDS.get(type);
        Object[] values = new Object[shape.accessors.length];
        for (int i = 0; i < values.length; i++) {
          values[i] =
              i == shape.idIndex
                  ? convert(key, shape.types[i])
                  : shape.accessors[i].invoke(instance);
        }
        return new Written(shape.constructor.newInstance(values), () -> {});
      }
      Object old = read(instance);
      Method setter =
          Arrays.stream(type.getMethods())
              .filter(m -> m.getName().equals("setId") && m.getParameterCount() == 1)
              .findFirst()
              .orElse(null);
      if (setter != null) {
        setter.invoke(instance, convert(key, setter.getParameterTypes()[0]));
        return new Written(instance, () -> invokeQuietly(setter, instance, old));
      }
      Field field = field(type);
      field.set(instance, convert(key, field.getType()));
      return new Written(instance, () -> setQuietly(field, instance, old));
    } catch (ReflectiveOperationException | IllegalStateException e) {
      throw new IllegalStateException(
          "Cannot write the generated key into "
              + type.getName()
              + ": give it a setId method, an id field or an id record component",
          e);
    }
  }

  /** A record's accessors and canonical constructor, looked up once per class. */
  private record RecordShape(
      Method[] accessors, Class<?>[] types, Constructor<?> constructor, int idIndex) {}

  private static final ClassValue<RecordShape> RECORDS =
      new ClassValue<>() {
        @Override
        protected RecordShape computeValue(Class<?> type) {
          RecordComponent[] components = type.getRecordComponents();
          Method[] accessors = new Method[components.length];
          Class<?>[] types = new Class<?>[components.length];
          int idIndex = -1;
          for (int i = 0; i < components.length; i++) {
            accessors[i] = components[i].getAccessor();
            accessors[i].setAccessible(true);
            types[i] = components[i].getType();
            if (components[i].getName().equals("id")) {
              idIndex = i;
            }
          }
          if (idIndex < 0) {
            throw new IllegalStateException("record " + type.getName() + " has no id component");
          }
          try {
            Constructor<?> constructor = type.getDeclaredConstructor(types);
            constructor.setAccessible(true);
            return new RecordShape(accessors, types, constructor, idIndex);
          } catch (NoSuchMethodException e) {
            throw new IllegalStateException(
                "record " + type.getName() + " has no canonical constructor", e);
          }
        }
      };

  private static Object convert(Number key, Class<?> target) {
    if (target == long.class || target == Long.class) {
      return key.longValue();
    }
    if (target == int.class || target == Integer.class) {
      return key.intValue();
    }
    return key;
  }

  private static RecordComponent component(Class<?> type) throws NoSuchFieldException {
    for (RecordComponent component : type.getRecordComponents()) {
      if (component.getName().equals("id")) {
        component.getAccessor().setAccessible(true);
        return component;
      }
    }
    throw new NoSuchFieldException("record " + type.getName() + " has no component named id");
  }

  private static @Nullable Method findMethod(Class<?> type, String name) {
    for (Method method : type.getMethods()) {
      if (method.getName().equals(name) && method.getParameterCount() == 0) {
        return method;
      }
    }
    return null;
  }

  private static Field field(Class<?> type) throws NoSuchFieldException {
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      try {
        Field field = c.getDeclaredField("id");
        field.setAccessible(true);
        return field;
      } catch (NoSuchFieldException e) {
        // look in the superclass
      }
    }
    throw new NoSuchFieldException(type.getName() + " has no getId() and no id field");
  }

  private static void invokeQuietly(Method setter, Object instance, @Nullable Object old) {
    try {
      setter.invoke(instance, old);
    } catch (ReflectiveOperationException | IllegalArgumentException e) {
      throw new IllegalStateException("Cannot restore the id of " + instance, e);
    }
  }

  private static void setQuietly(Field field, Object instance, @Nullable Object old) {
    try {
      field.set(instance, old);
    } catch (IllegalAccessException | IllegalArgumentException e) {
      throw new IllegalStateException("Cannot restore the id of " + instance, e);
    }
  }
}
