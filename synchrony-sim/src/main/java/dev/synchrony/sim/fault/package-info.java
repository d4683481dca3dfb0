/**
 * The fault plan of a simulated run: which processes crash (and recover) when, and which partitions cut the
 * network when ({@code --crash}, {@code --partition}, or a script's {@code crashes:}). Read by the simulator, the
 * scripts and the checks; depends on neither.
 */
package dev.synchrony.sim.fault;
