/**
 * How the simulator knows an algorithm: its catalog entry joined to a {@code Harness}, with optional per-algorithm
 * extras and the fields of its scripted commands.
 */
package dev.synchrony.sim.spec;
