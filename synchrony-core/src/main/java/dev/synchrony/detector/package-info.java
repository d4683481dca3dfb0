/**
 * A heartbeat failure detector that nodes embed and drive from their own timers; it only suspects, so an
 * algorithm built on it must say what a false suspicion does to it.
 */
package dev.synchrony.detector;
