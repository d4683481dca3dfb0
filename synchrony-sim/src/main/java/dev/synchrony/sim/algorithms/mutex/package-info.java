/**
 * Harness of mutual exclusion: the closed-loop workload, the safety, liveness and fencing checks, and the cost of
 * an entry.
 */
package dev.synchrony.sim.algorithms.mutex;
