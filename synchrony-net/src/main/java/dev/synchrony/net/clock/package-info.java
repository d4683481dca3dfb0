/**
 * The runtime's software clock: a monotonic clock over {@code System.nanoTime} that nodes may slew or step,
 * never touching the machine's system clock.
 */
package dev.synchrony.net.clock;
