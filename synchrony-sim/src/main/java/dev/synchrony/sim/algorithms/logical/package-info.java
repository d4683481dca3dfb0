/** The simulation harness of the logical clock family (Lamport, vector) and what each of its algorithms adds. */
package dev.synchrony.sim.algorithms.logical;
