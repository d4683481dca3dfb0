/**
 * Ordered multicast: totally ordered (Lamport timestamps and acknowledgements), causally ordered (vector
 * clocks), unordered as the baseline, and the replicated bank account that shows why the order matters.
 */
package dev.synchrony.multicast;
