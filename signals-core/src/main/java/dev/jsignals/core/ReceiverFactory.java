package dev.jsignals.core;

/**
 * Supplies the instances whose {@link Receiver} instance methods are connected: Spring's {@code
 * ApplicationContext::getBean}, Guice's {@code Injector::getInstance}, or a hand-written factory.
 */
@FunctionalInterface
public interface ReceiverFactory {

  /**
   * Returns the instance to connect for a class that declares {@link Receiver} instance methods.
   *
   * @param type the declaring class
   * @return an instance of {@code type}
   * @throws Exception if it cannot be supplied; the error is reported naming the class
   */
  Object instanceOf(Class<?> type) throws Exception;

  /**
   * The default factory: calls the class's no-argument constructor, which may be non-public.
   *
   * @return the factory
   */
  static ReceiverFactory constructors() {
    return type -> {
      var constructor = type.getDeclaredConstructor();
      constructor.setAccessible(true);
      return constructor.newInstance();
    };
  }
}
