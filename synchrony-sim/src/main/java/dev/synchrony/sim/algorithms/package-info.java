/**
 * The simulator's harnesses, one per family of algorithms (workload, checks, summary), chosen from the catalog
 * entry's family so a new algorithm of a family needs none of its own.
 */
package dev.synchrony.sim.algorithms;
