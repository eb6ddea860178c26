package dev.jsignals.test;

import dev.jsignals.core.M2MChanged;
import dev.jsignals.core.ModelEvent;
import dev.jsignals.core.PostDelete;
import dev.jsignals.core.PostSave;
import dev.jsignals.core.PreDelete;
import dev.jsignals.core.PreSave;
import dev.jsignals.core.Signals;
import dev.jsignals.dispatch.Connection;
import dev.jsignals.dispatch.Signal;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;
import org.junit.platform.commons.support.ReflectionSupport;

/**
 * The JUnit 5 extension behind {@link RecordSignals} and {@link MuteSignals}; registered by those
 * annotations, rarely named directly. Keeps its state in the test's own extension context, so one
 * instance serves tests running in parallel.
 */
public final class SignalsExtension
    implements BeforeTestExecutionCallback, AfterTestExecutionCallback, ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(SignalsExtension.class);

  /** Creates the extension; JUnit calls it. */
  public SignalsExtension() {}

  /** What one test opened, closed after it in reverse order. */
  private static final class Opened {
    final List<AutoCloseable> scopes = new ArrayList<>();
  }

  private static SentSignals sent(ExtensionContext context) {
    return context
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(SentSignals.class, type -> new SentSignals(), SentSignals.class);
  }

  @Override
  public void beforeTestExecution(ExtensionContext context) {
    Opened opened = new Opened();
    context.getStore(NAMESPACE).put(Opened.class, opened);
    List<Signals> all = signalsOf(context);
    RecordSignals record = find(context, RecordSignals.class);
    MuteSignals mute = find(context, MuteSignals.class);
    if (record != null) {
      SentSignals sent = sent(context);
      for (Signals signals : all) {
        for (Signal<?> signal : signalsFor(signals, record.events(), true)) {
          opened.scopes.add(record(signal, sent));
        }
      }
    }
    if (mute != null) {
      ReceiverMutes receivers = ReceiverMutes.of(mute, all);
      for (Signals signals : all) {
        for (Signal<?> signal : signalsFor(signals, mute.value(), false)) {
          opened.scopes.add(signal.mute());
        }
        if (receivers != null) {
          opened.scopes.add(signals.muteReceivers(receivers));
        }
      }
    }
  }

  private static <E> Connection record(Signal<E> signal, SentSignals sent) {
    return signal.connect(event -> sent.add(signal.name(), event));
  }

  @Override
  public void afterTestExecution(ExtensionContext context) throws Exception {
    Opened opened = context.getStore(NAMESPACE).remove(Opened.class, Opened.class);
    if (opened == null) {
      return;
    }
    for (int i = opened.scopes.size() - 1; i >= 0; i--) {
      opened.scopes.get(i).close();
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == SentSignals.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    if (find(context, RecordSignals.class) == null) {
      throw new ExtensionConfigurationException(
          "A SentSignals parameter of "
              + context.getRequiredTestMethod()
              + " needs @RecordSignals on the test class or method");
    }
    return sent(context);
  }

  private static <A extends java.lang.annotation.Annotation> A find(
      ExtensionContext context, Class<A> annotation) {
    A onMethod =
        AnnotationSupport.findAnnotation(context.getRequiredTestMethod(), annotation).orElse(null);
    if (onMethod != null) {
      return onMethod;
    }
    for (Class<?> type = context.getRequiredTestClass(); type != null; ) {
      A onClass = AnnotationSupport.findAnnotation(type, annotation).orElse(null);
      if (onClass != null) {
        return onClass;
      }
      type = type.getEnclosingClass();
    }
    return null;
  }

  /** The non-null {@code Signals} fields of the test instance and of its enclosing instances. */
  private static List<Signals> signalsOf(ExtensionContext context) {
    Set<Signals> found = new LinkedHashSet<>();
    for (Object instance : context.getRequiredTestInstances().getAllInstances()) {
      List<Field> fields =
          ReflectionSupport.findFields(
              instance.getClass(),
              f -> Signals.class.isAssignableFrom(f.getType()),
              HierarchyTraversalMode.TOP_DOWN);
      for (Field field : fields) {
        Object value =
            ReflectionSupport.tryToReadFieldValue(field, instance).toOptional().orElse(null);
        if (value instanceof Signals signals) {
          found.add(signals);
        }
      }
    }
    if (found.isEmpty()) {
      throw new ExtensionConfigurationException(
          context.getRequiredTestClass().getName()
              + " uses @RecordSignals or @MuteSignals but has no Signals field with a value when"
              + " its tests start: declare one (Signals signals = Signals.create();) or set it in"
              + " a @BeforeEach method");
    }
    return List.copyOf(found);
  }

  private static List<Signal<?>> signalsFor(
      Signals signals, Class<?>[] eventTypes, boolean allModelSignals) {
    List<Signal<?>> result = new ArrayList<>();
    if (allModelSignals) {
      result.add(signals.preSave().signal());
      result.add(signals.postSave().signal());
      result.add(signals.preDelete().signal());
      result.add(signals.postDelete().signal());
      result.add(signals.m2mChanged());
    }
    for (Class<?> type : eventTypes) {
      Signal<?> signal = ModelEvent.class.isAssignableFrom(type) ? model(signals, type) : null;
      if (signal == null) {
        signal = signals.signal(type);
      }
      if (!result.contains(signal)) {
        result.add(signal);
      }
    }
    return result;
  }

  private static Signal<?> model(Signals signals, Class<?> type) {
    if (type == PreSave.class) {
      return signals.preSave().signal();
    } else if (type == PostSave.class) {
      return signals.postSave().signal();
    } else if (type == PreDelete.class) {
      return signals.preDelete().signal();
    } else if (type == PostDelete.class) {
      return signals.postDelete().signal();
    } else if (type == M2MChanged.class) {
      return signals.m2mChanged();
    }
    throw new ExtensionConfigurationException(
        type.getName() + " is a model event type but not one of the five model events");
  }
}
