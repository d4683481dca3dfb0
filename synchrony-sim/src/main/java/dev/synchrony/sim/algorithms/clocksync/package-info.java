/**
 * Harness of physical clock synchronization: clock sampling, the skew checks against the bound a configuration
 * promises, the skew plot, and the resynchronization-rule sweep.
 */
package dev.synchrony.sim.algorithms.clocksync;
