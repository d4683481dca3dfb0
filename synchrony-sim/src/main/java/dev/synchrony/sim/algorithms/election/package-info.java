/**
 * Harness of election: initiators, the agreement, validity, termination and terms checks, and the cost of an
 * election beside the lecture's analysis.
 */
package dev.synchrony.sim.algorithms.election;
