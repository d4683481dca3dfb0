/**
 * The lecture's logical-clock processes: Lamport's processes with and without the correction, and processes
 * stamping their events with vector clocks.
 */
package dev.synchrony.logical;
