package dev.jsignals.core;

import dev.jsignals.dispatch.AsyncListener;
import dev.jsignals.dispatch.Connection;
import dev.jsignals.dispatch.SignalException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.UndeclaredThrowableException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Connects {@link Receiver} methods by reflection, with the rules the annotation processor checks
 * at compile time. Calls go through method handles, never {@code Method.invoke}.
 */
final class AnnotatedReceivers {
  private AnnotatedReceivers() {}

  /** The default receiver factory: the class's no-argument constructor, which may be non-public. */
  static Object construct(Class<?> type) {
    try {
      var constructor = type.getDeclaredConstructor();
      constructor.setAccessible(true);
      return constructor.newInstance();
    } catch (ReflectiveOperationException e) {
      throw new UndeclaredThrowableException(e, e.toString());
    }
  }

  static List<Connection> discover(
      Signals signals, Function<Class<?>, ?> factory, ClassLoader loader) {
    return ReceiverIndex.read(loader).connect(signals, factory, loader);
  }

  static List<Connection> connect(Signals signals, Object target) {
    Class<?> type = target instanceof Class<?> c ? c : target.getClass();
    Object instance = target instanceof Class<?> ? null : target;
    List<Method> methods =
        Arrays.stream(type.getDeclaredMethods())
            .filter(m -> m.isAnnotationPresent(Receiver.class))
            .sorted(Comparator.comparing(Method::getName))
            .toList();
    List<Plan> plans = new ArrayList<>();
    for (Method method : methods) {
      plans.add(plan(method, instance != null));
    }
    ReceiverConnector registration = new ReceiverConnector(signals);
    for (Plan plan : plans) {
      plan.connect(registration, instance, signals.gate());
    }
    return registration.connections().stream().filter(c -> !c.isDuplicate()).toList();
  }

  /** A validated receiver method, ready to connect. */
  private record Plan(
      Method method,
      Class<?> eventType,
      @Nullable Class<?> sender,
      String uid,
      String name,
      boolean weak,
      MethodHandle handle) {

    void connect(ReceiverConnector registration, @Nullable Object instance, ReceiverGate gate) {
      boolean isStatic = Modifier.isStatic(method.getModifiers());
      if (CompletionStage.class.isAssignableFrom(method.getReturnType())) {
        MethodHandle call =
            (isStatic ? handle : handle.bindTo(instance))
                .asType(MethodType.methodType(CompletionStage.class, Object.class));
        if (method.getAnnotation(Receiver.class).await() == Receiver.Await.DETACH) {
          registration.connect(
              eventType,
              sender,
              uid,
              name,
              event -> {
                if (!gate.test(name)) {
                  AsyncListener.detach(name, invokeStage(call, event));
                }
              });
        } else {
          registration.connectAsync(
              eventType,
              sender,
              uid,
              name,
              event -> gate.test(name) ? NOTHING : invokeStage(call, event));
        }
      } else if (isStatic || !weak) {
        MethodHandle call =
            Modifier.isStatic(method.getModifiers())
                ? handle.asType(MethodType.methodType(void.class, Object.class))
                : handle.bindTo(instance).asType(MethodType.methodType(void.class, Object.class));
        registration.connect(
            eventType,
            sender,
            uid,
            name,
            event -> {
              if (!gate.test(name)) {
                invoke(call, event);
              }
            });
      } else {
        MethodHandle call =
            handle.asType(MethodType.methodType(void.class, Object.class, Object.class));
        registration.<Object, Object>connectWeak(
            eventType,
            sender,
            uid,
            name,
            instance,
            (owner, event) -> {
              if (!gate.test(name)) {
                invokeWeak(call, owner, event);
              }
            });
      }
    }
  }

  private static Plan plan(Method method, boolean haveInstance) {
    Class<?> type = method.getDeclaringClass();
    boolean isStatic = Modifier.isStatic(method.getModifiers());
    Receiver annotation = method.getAnnotation(Receiver.class);
    Class<?> eventType = method.getParameterCount() == 1 ? method.getParameterTypes()[0] : null;
    Class<?> declared = annotation.sender() == void.class ? null : annotation.sender();
    Class<?> typed = eventType == null ? null : typedSender(method, eventType);
    String problem =
        ReceiverRules.problem(
            ReceiverRules.Where.CONNECT,
            new ReceiverRules.Method(
                type.getName(),
                method.getName(),
                method.getParameterCount(),
                eventType == null ? "" : method.getGenericParameterTypes()[0].getTypeName(),
                eventType == null || eventType.isPrimitive() || eventType.isArray()
                    ? null
                    : eventType.getName(),
                isStatic,
                Modifier.isPrivate(method.getModifiers()),
                isPrivateOrInPrivate(type),
                isStatic || haveInstance,
                CompletionStage.class.isAssignableFrom(method.getReturnType()),
                annotation.await().name(),
                annotation.weak(),
                annotation.durable(),
                false,
                annotation.dispatchUid(),
                declared == null ? null : declared.getName(),
                typed == null ? null : typed.getName()));
    if (problem != null) {
      throw new SignalException(problem);
    }
    Class<?> sender = declared != null ? declared : typed;
    String name = type.getName() + "#" + method.getName();
    String uid = annotation.dispatchUid().isEmpty() ? name : annotation.dispatchUid();
    return new Plan(
        method, eventType, sender, uid, name, annotation.weak(), unreflect(method, type));
  }

  private static boolean isPrivateOrInPrivate(Class<?> type) {
    for (Class<?> c = type; c != null; c = c.getEnclosingClass()) {
      if (Modifier.isPrivate(c.getModifiers())) {
        return true;
      }
    }
    return false;
  }

  /** The sender a model event's type argument gives ({@code PostSave<User>}), or null. */
  private static @Nullable Class<?> typedSender(Method method, Class<?> event) {
    if (!ModelEvent.class.isAssignableFrom(event) || event == M2MChanged.class) {
      return null;
    }
    Type parameter = method.getGenericParameterTypes()[0];
    if (parameter instanceof ParameterizedType generic) {
      Type argument = generic.getActualTypeArguments()[0];
      if (argument instanceof Class<?> c) {
        return c;
      } else if (argument instanceof ParameterizedType p && p.getRawType() instanceof Class<?> c) {
        return c;
      }
    }
    return null;
  }

  private static MethodHandle unreflect(Method method, Class<?> type) {
    try {
      return MethodHandles.privateLookupIn(type, MethodHandles.lookup()).unreflect(method);
    } catch (IllegalAccessException | SecurityException e) {
      throw new SignalException(
          ReceiverRules.violation(
              type.getName(),
              method.getName(),
              "cannot be reached by dev.jsignals.core: open its package to it (module-info:"
                  + " opens "
                  + type.getPackageName()
                  + " to dev.jsignals.core;) or use the annotation processor's index."),
          e);
    }
  }

  private static final CompletionStage<?> NOTHING = CompletableFuture.completedFuture(null);

  private static CompletionStage<?> invokeStage(MethodHandle call, Object event) throws Exception {
    try {
      return (CompletionStage<?>) call.invokeExact(event);
    } catch (Exception | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new SignalException("Receiver threw " + t, t);
    }
  }

  private static void invoke(MethodHandle call, Object event) throws Exception {
    try {
      call.invokeExact(event);
    } catch (Exception | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new SignalException("Receiver threw " + t, t);
    }
  }

  private static void invokeWeak(MethodHandle call, Object owner, Object event) {
    try {
      call.invokeExact(owner, event);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new SignalException("Receiver threw " + t, t);
    }
  }
}
