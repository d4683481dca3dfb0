/**
 * The node model: a {@code Node} is an I/O-free state machine that acts only through the {@code Context} a runtime
 * hands it (send, timers, its local clock, randomness, outputs, trace records, stable storage), so one class runs in
 * the simulator, the explorer and the network runtime.
 */
package dev.synchrony.core;
