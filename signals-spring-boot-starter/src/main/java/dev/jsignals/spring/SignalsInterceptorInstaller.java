package dev.jsignals.spring;

import dev.jsignals.core.Signals;
import dev.jsignals.dispatch.SignalInterceptor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Installs the application's single {@link SignalInterceptor} bean, when there is one, on every
 * {@link Signals} bean, the application's own included. Thread-safe.
 */
final class SignalsInterceptorInstaller implements BeanPostProcessor {
  private final ObjectProvider<SignalInterceptor> interceptor;

  SignalsInterceptorInstaller(ObjectProvider<SignalInterceptor> interceptor) {
    this.interceptor = interceptor;
  }

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    if (bean instanceof Signals signals) {
      interceptor.ifUnique(signals::intercept);
    }
    return bean;
  }
}
