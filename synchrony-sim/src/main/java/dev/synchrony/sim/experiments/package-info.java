/**
 * Experiments across the algorithms of a family, run in the simulator and set beside the lecture's analysis:
 * the mutex and election cost tables ({@code synchrony compare}) and the decentralized mutex's risk
 * ({@code synchrony mutex-risk}). They sit above the harness registry, which they read.
 */
package dev.synchrony.sim.experiments;
