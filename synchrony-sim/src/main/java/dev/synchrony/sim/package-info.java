/**
 * The deterministic simulator: virtual time, one seed for every random choice, a network that loses, delays,
 * duplicates and reorders, drifting clocks, crashes and recoveries; a run is checked against its properties.
 */
package dev.synchrony.sim;
