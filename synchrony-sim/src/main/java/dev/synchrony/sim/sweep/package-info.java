/**
 * Seed sweeps ({@code synchrony check}): many runs over seeds, in parallel, and the table of violations with the
 * command that replays each.
 */
package dev.synchrony.sim.sweep;
