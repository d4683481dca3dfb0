/**
 * Scripted runs (YAML or JSON): processes, clock rates, commands at given times, per-message fates and timers, as
 * in the lecture's figures.
 */
package dev.synchrony.sim.script;
