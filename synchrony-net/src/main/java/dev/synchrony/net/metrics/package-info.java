/**
 * What the runtime counts (messages and retransmissions per peer, frame sizes, grants, waits, leader changes), behind
 * one small interface; Micrometer backs it when the application puts Micrometer on its class path, and nothing is
 * counted otherwise.
 */
package dev.synchrony.net.metrics;
