/**
 * The trace of a run: every event with its virtual time, clock reading and Lamport timestamp, stored column by
 * column, with vector timestamps and happened-before computed on demand.
 */
package dev.synchrony.sim.trace;
