/**
 * Physical clock synchronization as nodes: the NTP client and time server (offset and delay from T1..T4, the clock
 * filter) and Berkeley's time daemon and machines (fault-tolerant average, relative adjustments).
 */
package dev.synchrony.clocksync;
