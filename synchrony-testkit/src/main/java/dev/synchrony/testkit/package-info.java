/**
 * Suites that every runtime of Synchrony must pass, written once and run against each runtime by a one-class
 * adapter: {@link dev.synchrony.testkit.ContextContract} checks that a node sees the same {@code Context} whether
 * the simulator, the explorer or the network runtime hosts it.
 */
package dev.synchrony.testkit;
