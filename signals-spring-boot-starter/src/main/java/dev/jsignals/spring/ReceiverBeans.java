package dev.jsignals.spring;

import dev.jsignals.core.Receiver;
import dev.jsignals.core.Signals;
import dev.jsignals.dispatch.Connection;
import dev.jsignals.dispatch.SignalException;
import java.io.IOException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.util.ClassUtils;

/**
 * Connects the {@link Receiver} methods listed in the compile-time index once every singleton
 * exists: instance methods on the application's beans of their class (with their injected
 * dependencies), other classes through their no-argument constructors, as {@link
 * Signals#discover()} does. Disconnects them when the context closes. A bean whose class declares
 * receiver methods that the index does not list fails the start-up, naming the bean and methods.
 * Not thread-safe; Spring calls it once.
 */
final class ReceiverBeans implements SmartInitializingSingleton, DisposableBean {
  static final String INDEX = "META-INF/jsignals/receivers";

  private final ConfigurableListableBeanFactory beans;
  private final Signals signals;
  private @Nullable Connection connected;

  ReceiverBeans(ConfigurableListableBeanFactory beans, Signals signals) {
    this.beans = beans;
    this.signals = signals;
  }

  @Override
  public void afterSingletonsInstantiated() {
    ClassLoader loader = beans.getBeanClassLoader();
    if (loader == null) {
      loader = ClassUtils.getDefaultClassLoader();
    }
    if (hasIndex(loader)) {
      connected = signals.connectDiscovered(this::instance, loader);
    }
    List<String> unconnected = unconnected();
    if (!unconnected.isEmpty()) {
      if (connected != null) {
        connected.disconnect();
      }
      throw new SignalException(
          "These beans declare @Receiver methods that the receiver index does not list, so they"
              + " would never be called: "
              + String.join(", ", unconnected)
              + ". Compile them with the annotation processor dev.jsignals:signals-processor on"
              + " the compiler's processor path; it also checks their rules and names the one a"
              + " method breaks.");
    }
  }

  private <T> T instance(Class<T> type) {
    return beans.getBeanProvider(type).getIfUnique(() -> beans.createBean(type));
  }

  private static boolean hasIndex(ClassLoader loader) {
    try {
      return loader.getResources(INDEX).hasMoreElements();
    } catch (IOException e) {
      throw new SignalException("Cannot list the receiver indexes " + INDEX + ": " + e, e);
    }
  }

  /** The bean methods annotated {@code @Receiver} that no connection names. */
  private List<String> unconnected() {
    Set<String> names = new LinkedHashSet<>();
    signals.connections().values().forEach(list -> list.forEach(c -> names.add(c.receiver())));
    List<String> missing = new ArrayList<>();
    for (String bean : beans.getBeanDefinitionNames()) {
      Class<?> type = beans.getType(bean, false);
      if (type == null) {
        continue;
      }
      Class<?> user = ClassUtils.getUserClass(type);
      List<String> methods = new ArrayList<>();
      for (Method method : user.getDeclaredMethods()) {
        String name = user.getName() + "#" + method.getName();
        Receiver receiver = method.getAnnotation(Receiver.class);
        if (receiver != null && !receiver.durable() && !names.contains(name)) {
          methods.add(name);
        }
      }
      if (!methods.isEmpty()) {
        missing.add("'" + bean + "' (" + String.join(", ", methods) + ")");
      }
    }
    return missing;
  }

  @Override
  public void destroy() {
    if (connected != null) {
      connected.disconnect();
      connected = null;
    }
  }
}
