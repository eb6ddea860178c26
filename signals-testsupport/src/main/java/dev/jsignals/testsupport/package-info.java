/**
 * The fixtures the project's own test suites share (test scope only; not published, not API): the
 * databases a suite runs on ({@link dev.jsignals.testsupport.Databases}), an in-process Kafka
 * broker ({@link dev.jsignals.testsupport.TestBroker}), child JVMs ({@link
 * dev.jsignals.testsupport.ChildJvm}), standard error captured for assertions ({@link
 * dev.jsignals.testsupport.StderrCapture}) and waiting for an observed condition ({@link
 * dev.jsignals.testsupport.Await}).
 */
package dev.jsignals.testsupport;
