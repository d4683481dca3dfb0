/**
 * Harness of the Two Generals: the agreement check and the risk of disagreement for k copies.
 */
package dev.synchrony.sim.algorithms.generals;
