/**
 * jsignals for tests: a JUnit 5 extension that records the signals sent during a test ({@link
 * dev.jsignals.test.RecordSignals}), fluent AssertJ assertions on them ({@link
 * dev.jsignals.test.SignalsAssertions}), and signals or chosen receivers muted for one test ({@link
 * dev.jsignals.test.MuteSignals}).
 */
module dev.jsignals.test {
  requires transitive dev.jsignals.core;
  requires transitive org.junit.jupiter.api;
  requires transitive org.assertj.core;
  requires static transitive org.jspecify;

  exports dev.jsignals.test;
}
