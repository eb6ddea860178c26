package dev.jsignals.jdbi.internal;

import dev.jsignals.jdbi.PrimaryKey;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.AccessibleObject;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The primary key of one model class: how to read it, and how to give an instance a new key (a bean
 * is changed in place, a record is copied). Resolved once per class, with method handles.
 */
final class ModelKey {
  private static final MethodHandles.Lookup LOOKUP = MethodHandles.lookup();
  private static final MethodType GETTER = MethodType.methodType(Object.class, Object.class);
  private static final MethodType SETTER =
      MethodType.methodType(void.class, Object.class, Object.class);

  private static final ClassValue<ModelKey> KEYS =
      new ClassValue<>() {
        @Override
        protected ModelKey computeValue(Class<?> type) {
          return type.isRecord() ? ofRecord(type) : ofBean(type);
        }
      };

  private final Class<?> model;
  private final String name;
  private final Class<?> type;
  private final MethodHandle getter;
  private final @Nullable MethodHandle setter;
  private final MethodHandle @Nullable [] components;
  private final @Nullable MethodHandle constructor;
  private final int index;

  private ModelKey(
      Class<?> model,
      String name,
      Class<?> type,
      MethodHandle getter,
      @Nullable MethodHandle setter,
      MethodHandle @Nullable [] components,
      @Nullable MethodHandle constructor,
      int index) {
    this.model = model;
    this.name = name;
    this.type = type;
    this.getter = getter;
    this.setter = setter;
    this.components = components;
    this.constructor = constructor;
    this.index = index;
  }

  /**
   * The key of a model class.
   *
   * @throws IllegalArgumentException if the class has no key property
   */
  static ModelKey of(Class<?> model) {
    return KEYS.get(model);
  }

  /** The key property's name, such as {@code id}. */
  String name() {
    return name;
  }

  /** The key property's type, boxed. */
  Class<?> type() {
    return type.isPrimitive() ? MethodType.methodType(type).wrap().returnType() : type;
  }

  /** The key of an instance: {@code null}, or zero for a primitive, when it has none yet. */
  @Nullable Object read(Object instance) {
    try {
      return (Object) getter.invokeExact(instance);
    } catch (Throwable e) {
      throw failure("read", e);
    }
  }

  /** Whether an instance has no key yet: {@code null}, or zero in a primitive key. */
  boolean unset(Object instance) {
    Object key = read(instance);
    return key == null || (type.isPrimitive() && key instanceof Number n && n.longValue() == 0);
  }

  /**
   * Gives an instance a key: a bean is changed in place, a record copied.
   *
   * @return the instance holding the key, and how to undo a change in place
   */
  Written write(Object instance, Object key) {
    Object value = convert(key);
    try {
      if (constructor != null) {
        Object[] values = new Object[components.length];
        for (int i = 0; i < values.length; i++) {
          values[i] = i == index ? value : (Object) components[i].invokeExact(instance);
        }
        return new Written(constructor.invoke(values), () -> {});
      }
      Object old = read(instance);
      MethodHandle set = setter;
      set.invokeExact(instance, value);
      return new Written(instance, () -> restore(set, instance, old));
    } catch (RuntimeException e) {
      throw e;
    } catch (Throwable e) {
      throw failure("write", e);
    }
  }

  /** An instance holding its key, and how to undo the change if the transaction rolls back. */
  record Written(Object instance, Runnable undo) {}

  /** Converts a key to this property's type: between number types, and to String or UUID. */
  Object convert(Object key) {
    Class<?> boxed = type();
    if (boxed.isInstance(key)) {
      return key;
    }
    if (key instanceof Number number) {
      if (boxed == Long.class) {
        return number.longValue();
      } else if (boxed == Integer.class) {
        return number.intValue();
      } else if (boxed == Short.class) {
        return number.shortValue();
      } else if (boxed == String.class) {
        return number.toString();
      }
    }
    if (boxed == UUID.class && key instanceof String text) {
      return UUID.fromString(text);
    }
    if (boxed == String.class) {
      return key.toString();
    }
    throw new IllegalArgumentException(
        "The key "
            + key
            + " ("
            + key.getClass().getSimpleName()
            + ") does not fit "
            + model.getSimpleName()
            + "."
            + name
            + " ("
            + type.getSimpleName()
            + ")");
  }

  private static void restore(MethodHandle setter, Object instance, @Nullable Object old) {
    try {
      setter.invokeExact(instance, old);
    } catch (Throwable e) {
      throw new IllegalStateException("Cannot restore the key of " + instance, e);
    }
  }

  private IllegalStateException failure(String verb, Throwable e) {
    return new IllegalStateException(
        "Cannot " + verb + " the key " + model.getName() + "." + name + ": " + e, e);
  }

  private static ModelKey ofRecord(Class<?> type) {
    RecordComponent[] all = type.getRecordComponents();
    int index = -1;
    for (int i = 0; i < all.length; i++) {
      if (all[i].isAnnotationPresent(PrimaryKey.class)) {
        index = i;
      }
    }
    for (int i = 0; i < all.length && index < 0; i++) {
      index = all[i].getName().equals("id") ? i : -1;
    }
    if (index < 0) {
      throw missing(type, "record component");
    }
    MethodHandle[] components = new MethodHandle[all.length];
    Class<?>[] types = new Class<?>[all.length];
    for (int i = 0; i < all.length; i++) {
      components[i] = unreflect(all[i].getAccessor()).asType(GETTER);
      types[i] = all[i].getType();
    }
    try {
      Constructor<?> canonical = type.getDeclaredConstructor(types);
      MethodHandle constructor =
          LOOKUP
              .unreflectConstructor(accessible(canonical))
              .asSpreader(Object[].class, all.length)
              .asType(MethodType.methodType(Object.class, Object[].class));
      RecordComponent key = all[index];
      return new ModelKey(
          type,
          key.getName(),
          key.getType(),
          components[index],
          null,
          components,
          constructor,
          index);
    } catch (ReflectiveOperationException e) {
      throw new IllegalArgumentException(
          "record " + type.getName() + " has no accessible canonical constructor", e);
    }
  }

  private static ModelKey ofBean(Class<?> type) {
    Field field = null;
    for (Class<?> c = type; c != null && field == null; c = c.getSuperclass()) {
      for (Field candidate : c.getDeclaredFields()) {
        if (candidate.isAnnotationPresent(PrimaryKey.class)) {
          field = candidate;
        }
      }
    }
    for (Class<?> c = type; c != null && field == null; c = c.getSuperclass()) {
      for (Field candidate : c.getDeclaredFields()) {
        if (candidate.getName().equals("id") && !Modifier.isStatic(candidate.getModifiers())) {
          field = candidate;
        }
      }
    }
    if (field == null) {
      throw missing(type, "field");
    }
    String name = field.getName();
    String suffix = Character.toUpperCase(name.charAt(0)) + name.substring(1);
    Method getter = method(type, "get" + suffix);
    Method setter = method(type, "set" + suffix, field.getType());
    try {
      MethodHandle get =
          getter != null ? unreflect(getter) : LOOKUP.unreflectGetter(accessible(field));
      MethodHandle set =
          setter != null ? unreflect(setter) : LOOKUP.unreflectSetter(accessible(field));
      return new ModelKey(
          type, name, field.getType(), get.asType(GETTER), set.asType(SETTER), null, null, -1);
    } catch (IllegalAccessException e) {
      throw new IllegalArgumentException("Cannot access " + type.getName() + "." + name, e);
    }
  }

  private static @Nullable Method method(Class<?> type, String name, Class<?>... parameters) {
    try {
      return type.getMethod(name, parameters);
    } catch (NoSuchMethodException e) {
      return null;
    }
  }

  private static MethodHandle unreflect(Method method) {
    try {
      return LOOKUP.unreflect(accessible(method));
    } catch (IllegalAccessException e) {
      throw new IllegalArgumentException("Cannot access " + method, e);
    }
  }

  private static <T extends AccessibleObject> T accessible(T member) {
    try {
      member.setAccessible(true);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "Cannot access "
              + member
              + ": open its package to the module dev.jsignals.jdbi ("
              + e.getMessage()
              + ")",
          e);
    }
    return member;
  }

  private static IllegalArgumentException missing(Class<?> type, String what) {
    return new IllegalArgumentException(
        type.getName()
            + " has no primary key: mark its key "
            + what
            + " @PrimaryKey, or name it id");
  }
}
