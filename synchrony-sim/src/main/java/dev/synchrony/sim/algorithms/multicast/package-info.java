/**
 * Harnesses of the link, ordered multicast and the replicated account: workloads, the ordering and integrity
 * checks, and the cost of a multicast.
 */
package dev.synchrony.sim.algorithms.multicast;
